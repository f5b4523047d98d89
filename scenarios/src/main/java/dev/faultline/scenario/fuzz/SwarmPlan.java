package dev.faultline.scenario.fuzz;

import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.model.Workload;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.rand.Rng;
import dev.faultline.sim.world.ClockConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012; as FoundationDB's and TigerBeetle's
 * simulators do): each seed first draws WHICH fault kinds are on and how often they strike, then a
 * concrete timeline from those rates. A uniform mix of everything tends to mask bugs that need one
 * fault kind to dominate (e.g. many partitions and no crashes); swarm mixes reach them. The result
 * is an ordinary {@link Scenario}, so every failure is a replayable file.
 *
 * <p>Everything is drawn from {@code Rng.derived(seed, "swarm")}; the run itself uses the same seed
 * for the world's own streams.
 */
public final class SwarmPlan {
  /** The fault kinds a seed may switch on. */
  public enum Kind {
    PARTITION,
    ISOLATE,
    ONE_WAY,
    CRASH,
    /**
     * Quick crash-restarts (a few ticks down, often): a node that forgets volatile state
     * mid-protocol.
     */
    FLAP,
    DROP,
    DUPLICATE,
    REORDER,
    STALE_HOLD,
    CLOCK,
    /**
     * Faults aimed at whoever holds a role when they strike (crash or cut off the current leader or
     * primary, reboot a voter): drawn from their own stream ({@code "swarm-roles"}), so adding them
     * left the other kinds' draws unchanged.
     */
    ROLE,
    /**
     * State-aware reboots ({@link Fault.RebootAfterAnnotation}): armed at random ticks, each fires
     * when the next node makes a promise (annotates {@code "vote"}: a Raft vote, by convention a
     * Paxos promise or VR view-change vote) and reboots that node within a few ticks, inside the
     * window where a promise kept only in memory is forgotten. Own stream ({@code
     * "swarm-reboots"}), so the other kinds' draws are unchanged.
     */
    REBOOT_AFTER,
    /**
     * State-aware cut-offs of new leaders ({@link Fault.IsolateAfterAnnotation} on {@code
     * "role=leader"}, the protocol's first swarm role): armed at random ticks, each fires when the
     * next node takes the role and cuts it off for a while, so the first entries of its term reach
     * nobody and its log diverges from the others' (a later leader of an older log then finishes
     * replicating entries of an earlier term: Figure 8). Drawn shapes only, for protocols that give
     * it a chance; own stream ({@code "swarm-elected"}).
     */
    ELECTED;

    /** The kind's name in a scenario's description and in {@link SwarmHints#swarmKindChance}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Kinds drawn from their own stream after the main ones (switched on and laid out there). */
    boolean ownStream() {
      return this == ROLE || this == REBOOT_AFTER || this == ELECTED;
    }
  }

  /**
   * The annotation keys the swarm's reboot-after faults wait for (see {@link Kind#REBOOT_AFTER}).
   */
  static final List<String> REBOOT_KEYS = List.of(Annotations.VOTE);

  /** What one seed drew: the kinds on and the scenario. */
  public record Drawn(Set<Kind> kinds, Scenario scenario) {}

  /** The share of gets in a fixed shape's workload (the rest: puts and appends, 3:4). */
  static final double GET_SHARE = 0.3;

  /** Per-seed choices of the longest fault episode, in ticks. */
  private static final long[] EPISODE_LENGTHS = {40, 200, 800, 2_000};

  private SwarmPlan() {}

  public static Scenario scenario(FuzzConfig c, long seed) {
    return draw(c, seed).scenario();
  }

  public static Drawn draw(FuzzConfig config, long seed) {
    Rng rng = Rng.derived(seed, "swarm");
    ClusterSpec spec = ProtocolRegistry.DEFAULT.byName(config.protocol());
    SwarmHints hints = spec == null ? SwarmHints.NONE : SwarmHints.of(spec);
    Rng shapeRng = config.drawsShape() ? Rng.derived(seed, "swarm-shape") : null;
    FuzzConfig c = shape(config, shapeRng, hints);
    List<Double> getShares = hints.swarmGetShares();
    double getShare =
        shapeRng == null ? GET_SHARE : getShares.get(shapeRng.nextInt(getShares.size()));
    Set<Kind> kinds = kinds(rng, hints);
    long duration = c.effectiveDurationTicks();
    List<NodeId> servers = new ArrayList<>();
    for (int i = 1; i <= c.nodes(); i++) {
      servers.add(NodeId.of("s" + i));
    }
    SortedMap<String, String> options = options(spec, c, seed, duration);
    // Partitions and one-way blocks range over every non-client node: servers and
    // infrastructure (pb's view server, raft's reconfiguration admins), so e.g. a primary can be
    // cut off from the view server while its clients still reach it.
    List<NodeId> peers = peers(spec, c, options, servers);
    List<String> roles = hints.swarmRoles();
    Rng roleRng = Rng.derived(seed, "swarm-roles");
    if (!roles.isEmpty() && roleRng.chance(hints.swarmKindChance(Kind.ROLE.label()))) {
      kinds.add(Kind.ROLE);
    }
    ClockConfig clock = ClockConfig.DEFAULT;

    NetworkConfig network = network(rng, kinds);

    List<ScheduledFault> faults = new ArrayList<>();
    // Episodes per 1,000 ticks, drawn per kind: some seeds barely fault, some fault constantly.
    for (Kind k : kinds) {
      if (k.ownStream()) {
        continue;
      }
      double perKiloTick =
          switch (k) {
            case PARTITION, ISOLATE, ONE_WAY, CRASH -> 0.1 + rng.nextDouble() * 1.4;
            case STALE_HOLD, CLOCK -> 0.1 + rng.nextDouble() * 0.6;
            case FLAP -> 1 + rng.nextDouble() * 9;
            case DROP, DUPLICATE, REORDER, ROLE, REBOOT_AFTER, ELECTED ->
                0; // rates above; own below
          };
      // How long this kind's episodes last is drawn per seed too: a crash shorter than an
      // election timeout (a voter that forgets its vote) and one that outlasts several elections
      // find different bugs.
      long lengthMax = EPISODE_LENGTHS[rng.nextInt(EPISODE_LENGTHS.length)];
      int episodes = (int) Math.round(perKiloTick * duration / 1000.0);
      for (int e = 0; e < episodes; e++) {
        episode(k, rng, servers, peers, duration, lengthMax, clock, faults);
      }
    }
    if (kinds.contains(Kind.ROLE)) {
      roleEpisodes(roleRng, roles, duration, faults);
    }
    stateAwareEpisodes(spec, hints, c, seed, shapeRng != null, options, kinds, faults);
    faults.sort(Comparator.comparingLong(ScheduledFault::tick)); // stable: ties keep draw order

    Scenario s = scenario(c, seed, rng, kinds, options, network, clock, faults, duration, getShare);
    return new Drawn(kinds, s);
  }

  /**
   * The faults drawn after the main kinds, each from its own stream: reboot-after on votes, the
   * protocol's faults aimed at its drawn options, and (drawn shapes only) cut-offs of new leaders.
   */
  private static void stateAwareEpisodes(
      ClusterSpec spec,
      SwarmHints hints,
      FuzzConfig c,
      long seed,
      boolean drawnShape,
      SortedMap<String, String> options,
      Set<Kind> kinds,
      List<ScheduledFault> faults) {
    long duration = c.effectiveDurationTicks();
    List<String> roles = hints.swarmRoles();
    // Drawn after everything else, from its own stream: seeds without it are exactly as before.
    Rng rebootRng = Rng.derived(seed, "swarm-reboots");
    if (!roles.isEmpty() && rebootRng.chance(hints.swarmKindChance(Kind.REBOOT_AFTER.label()))) {
      kinds.add(Kind.REBOOT_AFTER);
      rebootEpisodes(rebootRng, duration, faults);
    }
    List<ScheduledFault> aimed =
        spec == null
            ? List.of()
            // Faults the protocol aims at its own drawn options (e.g. Raft's membership plans); own
            // stream, and none for most plans, so other seeds draw exactly as before.
            : hints.swarmFaults(Rng.derived(seed, "swarm-protocol"), options, c.nodes(), duration);
    faults.addAll(aimed);
    // Drawn shapes only, so fixed shapes (and the budgets declared with them) draw as before; and
    // not beside the protocol's aimed faults, whose choreography needs its next leaders to act.
    Rng electedRng = Rng.derived(seed, "swarm-elected");
    if (drawnShape
        && aimed.isEmpty()
        && !roles.isEmpty()
        && electedRng.chance(hints.swarmKindChance(Kind.ELECTED.label()))) {
      kinds.add(Kind.ELECTED);
      electedEpisodes(electedRng, roles.get(0), duration, faults);
    }
  }

  /**
   * The config this seed runs: {@code c} itself when its shape is fixed ({@code rng} null); else
   * with the server count and timing options this seed draws from its own stream ({@code
   * "swarm-shape"}), the user's options on top. The result is a fixed shape, written whole into the
   * scenario.
   */
  static FuzzConfig shape(FuzzConfig c, Rng rng, SwarmHints hints) {
    if (rng == null) {
      return c;
    }
    List<Integer> counts = hints.swarmServerCounts();
    int servers = counts.get(rng.nextInt(counts.size()));
    SortedMap<String, String> options = new TreeMap<>(hints.swarmTiming(rng, servers));
    options.putAll(c.options());
    return c.withNodes(servers).withOptions(options);
  }

  /**
   * The fault kinds this seed turns on: each kind without its own stream, with the chance the
   * protocol gives it ({@link SwarmHints#swarmKindChance}, 1/2 unless it says otherwise).
   */
  private static Set<Kind> kinds(Rng rng, SwarmHints hints) {
    Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    for (Kind k : Kind.values()) {
      if (!k.ownStream() && rng.chance(hints.swarmKindChance(k.label()))) {
        kinds.add(k);
      }
    }
    return kinds;
  }

  /** The seed's network: latency, and the rates of the message-fault kinds it drew. */
  private static NetworkConfig network(Rng rng, Set<Kind> kinds) {
    NetworkConfig network =
        new NetworkConfig(
            new Latency.Uniform(1, 1 + rng.nextLong(2, 10)),
            kinds.contains(Kind.DROP) ? round(rng.nextDouble() * 0.10) : 0,
            kinds.contains(Kind.DUPLICATE) ? round(rng.nextDouble() * 0.10) : 0,
            kinds.contains(Kind.REORDER) ? round(rng.nextDouble() * 0.30) : 0,
            kinds.contains(Kind.REORDER) ? rng.nextLong(5, 60) : 0,
            kinds.contains(Kind.STALE_HOLD) ? round(rng.nextDouble() * 0.03) : 0,
            kinds.contains(Kind.STALE_HOLD) ? 50 : 0,
            kinds.contains(Kind.STALE_HOLD) ? rng.nextLong(100, 2_000) : 0);
    if (network.reorderRate() == 0 && network.reorderTicksMax() > 0) {
      network = network.withoutReorder();
    }
    if (network.holdRate() == 0 && network.holdTicksMax() > 0) {
      network = network.withoutHolds();
    }
    return network;
  }

  /** The seed's workload and the scenario that holds everything drawn. */
  private static Scenario scenario(
      FuzzConfig c,
      long seed,
      Rng rng,
      Set<Kind> kinds,
      SortedMap<String, String> options,
      NetworkConfig network,
      ClockConfig clock,
      List<ScheduledFault> faults,
      long duration,
      double getShare) {
    int keys = 1 + rng.nextInt(5);
    TreeMap<String, Double> mix = new TreeMap<>();
    mix.put("get", getShare);
    // Writes keep the default mix's 3:4 ratio of puts to appends.
    mix.put("put", Math.round((1 - getShare) * 300 / 7) / 100.0);
    mix.put("append", Math.round((1 - getShare) * 400 / 7) / 100.0);
    Workload workload = new Workload.Generated(c.ops(), keys, mix, c.thinkTicks());
    String name =
        "fuzz-" + c.protocol() + (c.variant() == null ? "" : "-" + c.variant()) + "-" + seed;
    String description =
        "Swarm fuzz seed "
            + seed
            + " (fault kinds on: "
            + kinds.toString().toLowerCase(java.util.Locale.ROOT)
            + ").";
    return new Scenario(
        name,
        description,
        c.protocol(),
        c.variant(),
        c.nodes(),
        c.clients(),
        options,
        workload,
        network,
        clock,
        faults,
        seed,
        duration,
        c.effectiveStabilizeTicks(),
        Scenario.PASS,
        c.maxEvents());
  }

  /**
   * The protocol's per-seed options (its {@link SwarmHints#swarmOptions} hook, own stream), with
   * the user's fixed options on top. A user-given membership option replaces the whole drawn
   * membership plan, since its parts only make sense together.
   */
  private static SortedMap<String, String> options(
      ClusterSpec spec, FuzzConfig c, long seed, long duration) {
    SortedMap<String, String> o = new TreeMap<>();
    if (spec != null) {
      o.putAll(
          SwarmHints.of(spec)
              .swarmOptions(Rng.derived(seed, "swarm-options"), c.nodes(), duration, c.options()));
    }
    if (c.options().keySet().stream().anyMatch(MEMBERSHIP_OPTIONS::contains)) {
      o.keySet().removeAll(MEMBERSHIP_OPTIONS);
    }
    o.putAll(c.options());
    return o;
  }

  private static final Set<String> MEMBERSHIP_OPTIONS =
      Set.of("membership", "initialMembers", "reconfig");

  private static List<NodeId> peers(
      ClusterSpec spec, FuzzConfig c, SortedMap<String, String> options, List<NodeId> servers) {
    if (spec == null) {
      return servers;
    }
    Cluster cluster;
    try {
      List<List<ClientOp>> idle = new ArrayList<>();
      for (int k = 0; k < c.clients(); k++) {
        idle.add(List.of());
      }
      cluster = spec.build(new ClusterParams(c.nodes(), c.variant(), idle, options));
    } catch (RuntimeException e) {
      return servers; // bad options or variant: the scenario reader reports them
    }
    List<NodeId> peers = new ArrayList<>();
    for (NodeId id : cluster.nodes().keySet()) {
      if (!cluster.clients().contains(id)) {
        peers.add(id);
      }
    }
    return peers;
  }

  /**
   * Role-targeted episodes: mostly at the first role (leader, primary). Crash it and restart it
   * later; cut it off from its peers (clients often still reach it: a stale leader taking writes)
   * and heal; or reboot it within a few ticks (a vote or view forgotten mid-protocol).
   */
  private static void roleEpisodes(
      Rng rng, List<String> roles, long duration, List<ScheduledFault> out) {
    // Often: the windows these bugs need (a leader crashing between appending and replicating, a
    // vote forgotten mid-election) are short, so the nemesis has to strike many times per run.
    double perKiloTick = 1 + rng.nextDouble() * 7;
    long lengthMax = EPISODE_LENGTHS[rng.nextInt(EPISODE_LENGTHS.length)];
    int episodes = (int) Math.round(perKiloTick * duration / 1000.0);
    // Swarm again, within the kind: each seed switches some of the three actions on. Crashing a
    // primary often ends pb in a progress limit early, which would mask the cut-off-primary bugs.
    int actions = 1 + rng.nextInt(7); // bit 0 crash, bit 1 cut off, bit 2 quick reboot
    for (int e = 0; e < episodes; e++) {
      long at = rng.nextLong(0, duration - 2);
      int action = rng.nextInt(3);
      while ((actions & (1 << action)) == 0) {
        action = (action + 1) % 3;
      }
      String role = roles.get(0);
      if (action == 0) {
        long down = rng.chance(0.75) ? rng.nextLong(1, 120) : rng.nextLong(1, lengthMax);
        out.add(new ScheduledFault(at, new Fault.CrashRole(role)));
        out.add(
            new ScheduledFault(Math.min(duration - 1, at + down), new Fault.RestartLastCrashed()));
      } else if (action == 1) {
        long cut = rng.nextLong(30, Math.max(30, Math.min(lengthMax, 400)));
        out.add(new ScheduledFault(at, new Fault.IsolateRole(role, rng.chance(0.7))));
        out.add(new ScheduledFault(Math.min(duration - 1, at + cut), new Fault.Heal()));
      } else {
        role = roles.get(rng.nextInt(roles.size()));
        out.add(new ScheduledFault(at, new Fault.CrashRole(role)));
        out.add(
            new ScheduledFault(
                Math.min(duration - 1, at + rng.nextLong(1, 6)), new Fault.RestartLastCrashed()));
      }
    }
  }

  /**
   * Reboot-after armings. A vote is granted a few times per run (each election), so a handful of
   * armings spread over the fault period reboot most voters right after they vote; a reboot of 0-4
   * ticks usually ends before the competing candidate's request of a split vote arrives, which is
   * what a forgotten vote needs (Raft candidates do not resend a RequestVote within a term). Some
   * seeds keep the voter down longer (up to 30 ticks): it then also misses the next round of
   * messages, a different disturbance.
   */
  private static void rebootEpisodes(Rng rng, long duration, List<ScheduledFault> out) {
    double perKiloTick = 0.5 + rng.nextDouble() * 4.5;
    long downMax = List.of(2L, 4L, 8L, 30L).get(rng.nextInt(4));
    int episodes = Math.max(1, (int) Math.round(perKiloTick * duration / 1000.0));
    for (int e = 0; e < episodes; e++) {
      long at = rng.nextLong(0, duration - 2);
      String key = REBOOT_KEYS.get(rng.nextInt(REBOOT_KEYS.size()));
      out.add(
          new ScheduledFault(at, new Fault.RebootAfterAnnotation(key, rng.nextLong(0, downMax))));
    }
  }

  /**
   * Cut-offs armed on a new leader ({@link Kind#ELECTED}): a few per 1,000 ticks, each keeping the
   * node off the network for up to a per-seed maximum (short: it comes back as a deposed leader
   * with one extra entry; long: the others elect again and move on without it).
   */
  private static void electedEpisodes(
      Rng rng, String role, long duration, List<ScheduledFault> out) {
    double perKiloTick = 0.5 + rng.nextDouble() * 3.5;
    long cutMax = List.of(60L, 200L, 600L).get(rng.nextInt(3));
    int episodes = Math.max(1, (int) Math.round(perKiloTick * duration / 1000.0));
    for (int e = 0; e < episodes; e++) {
      long at = rng.nextLong(0, duration - 2);
      out.add(
          new ScheduledFault(
              at,
              new Fault.IsolateAfterAnnotation(
                  Annotations.ROLE + "=" + role, rng.nextLong(20, cutMax))));
    }
  }

  private static void episode(
      Kind k,
      Rng rng,
      List<NodeId> servers,
      List<NodeId> peers,
      long duration,
      long lengthMax,
      ClockConfig clock,
      List<ScheduledFault> out) {
    long at = rng.nextLong(0, duration - 2);
    long until = Math.min(duration - 1, at + rng.nextLong(1, lengthMax));
    NodeId node = servers.get(rng.nextInt(servers.size()));
    switch (k) {
      case PARTITION -> partitionEpisode(rng, peers, at, until, out);
      case ISOLATE -> {
        out.add(new ScheduledFault(at, new Fault.Isolate(node)));
        out.add(new ScheduledFault(until, new Fault.Heal()));
      }
      case ONE_WAY -> oneWayEpisode(rng, servers, peers, node, at, until, out);
      case CRASH -> {
        out.add(new ScheduledFault(at, new Fault.Crash(node)));
        out.add(new ScheduledFault(until, new Fault.Restart(node, false)));
      }
      case FLAP -> {
        out.add(new ScheduledFault(at, new Fault.Crash(node)));
        out.add(
            new ScheduledFault(
                Math.min(duration - 1, at + rng.nextLong(1, 12)), new Fault.Restart(node, false)));
      }
      case STALE_HOLD -> {
        NodeId to = servers.get(rng.nextInt(servers.size()));
        out.add(
            new ScheduledFault(
                at,
                new Fault.HoldMessages(
                    node,
                    to.equals(node) ? null : to,
                    1 + rng.nextInt(3),
                    rng.nextLong(200, 3_000))));
      }
      case CLOCK -> {
        // In spec: skew within half the uncertainty, drift small enough to stay within the rest.
        long half = Math.max(1, clock.uncertaintyTicks() / 2);
        if (rng.chance(0.5)) {
          out.add(new ScheduledFault(at, new Fault.ClockSkew(node, rng.nextLong(-half, half))));
        } else {
          long ppm = half * 1_000_000 / Math.max(1, duration * 4);
          out.add(new ScheduledFault(at, new Fault.ClockDrift(node, rng.nextLong(-ppm, ppm))));
        }
      }
      case DROP, DUPLICATE, REORDER, ROLE, REBOOT_AFTER, ELECTED -> {}
    }
  }

  /** Two groups of peers that cannot talk, from {@code at} until {@code until} (none if empty). */
  private static void partitionEpisode(
      Rng rng, List<NodeId> peers, long at, long until, List<ScheduledFault> out) {
    if (peers.size() < 2) {
      return;
    }
    Set<NodeId> a = new TreeSet<>();
    Set<NodeId> b = new TreeSet<>();
    // A third of the splits leave some peers out of both groups: they keep every link,
    // a bridge between two sides that cannot talk (a partial partition).
    boolean bridged = peers.size() >= 3 && rng.chance(1.0 / 3);
    for (NodeId n : peers) {
      if (bridged && rng.chance(1.0 / 3)) {
        continue;
      }
      (rng.chance(0.5) ? a : b).add(n);
    }
    if (a.isEmpty() && b.isEmpty()) {
      return;
    }
    if (a.isEmpty()) {
      NodeId moved = new ArrayList<>(b).get(rng.nextInt(b.size()));
      b.remove(moved);
      a.add(moved);
    } else if (b.isEmpty()) {
      NodeId moved = new ArrayList<>(a).get(rng.nextInt(a.size()));
      a.remove(moved);
      b.add(moved);
    }
    if (a.isEmpty() || b.isEmpty()) {
      return; // only one node was split off and moved: no partition this time
    }
    out.add(new ScheduledFault(at, new Fault.Partition(List.of(a, b))));
    out.add(new ScheduledFault(until, new Fault.Heal()));
  }

  /** One link blocked in one direction, from {@code at} until {@code until}. */
  private static void oneWayEpisode(
      Rng rng,
      List<NodeId> servers,
      List<NodeId> peers,
      NodeId node,
      long at,
      long until,
      List<ScheduledFault> out) {
    if (peers.size() < 2) {
      return;
    }
    NodeId from = peers.size() == servers.size() ? node : peers.get(rng.nextInt(peers.size()));
    NodeId to = peers.get(rng.nextInt(peers.size()));
    if (to.equals(from)) {
      return;
    }
    out.add(new ScheduledFault(at, new Fault.BlockLink(from, to)));
    out.add(new ScheduledFault(until, new Fault.UnblockLink(from, to)));
  }

  /** Rates written to files with 4 decimals, so a file shows exactly what ran. */
  private static double round(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }
}
