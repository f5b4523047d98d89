package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.KvClient;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.ExploreGolden;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.InvariantSupply;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.api.Symmetry;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Primary/backup replication with a view server (MIT 6.824 lab 2 / DSLabs lab 2): node {@code vs}
 * (the view service; the swarm crashes it on a few seeds, scenarios may crash or cut it off),
 * servers s1..sN, clients c1..cM. Options: none yet (unknown options are rejected).
 */
public final class PbSpec implements ClusterSpec, SwarmHints {
  public static final NodeId VIEW_SERVER = NodeId.of("vs");

  @Override
  public String name() {
    return "pb";
  }

  @Override
  public String description() {
    return "primary/backup KV store with a view server (pings, acknowledged views, state"
        + " transfer, at-most-once)";
  }

  @Override
  public List<BugVariant> variants() {
    return PbBug.variants();
  }

  @Override
  public Cluster build(ClusterParams params) {
    if (!params.options().isEmpty()) {
      throw new IllegalArgumentException(
          "pb has no options; unknown: " + String.join(", ", params.options().keySet()));
    }
    PbBug bug = PbBug.parse(params.variant());
    PbConfig config = PbConfig.DEFAULT;
    List<NodeId> servers = serverIds(params.servers());
    List<NodeId> clients = clientIds(params.clients());
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    nodes.put(VIEW_SERVER, new ViewServer(config, bug, servers));
    for (NodeId s : servers) {
      nodes.put(s, new PbServer(config, bug, VIEW_SERVER));
    }
    KvClient.addClients(
        nodes, clients, params.workload(), () -> new PbClientAdapter(config, VIEW_SERVER));
    return new Cluster(nodes, servers, clients, freshInvariants(params));
  }

  /** 3 servers and the view server, no clients, BFS to depth 7: pings and the first views. */
  @Override
  public ExploreGolden exploreGolden() {
    return new ExploreGolden(3, 0, 0, 7, new TreeMap<>(), 13161);
  }

  /**
   * Not symmetric: the view server makes "the first live idle server" (in id order) the backup, so
   * a renaming of the servers changes which one it picks. (With 2 servers the pick is forced, but
   * the view server also keeps the progress limit it announced as text naming servers.)
   */
  @Override
  public Symmetry symmetry(ClusterParams params) {
    return Symmetry.refused(
        "pb: servers are not interchangeable (the view server picks the first idle server in id"
            + " order as backup)");
  }

  @Override
  public List<Invariant> freshInvariants(ClusterParams params) {
    return PbInvariants.all(VIEW_SERVER, serverIds(params.servers()), clientIds(params.clients()));
  }

  /**
   * The explorer's supply: server and client ids made once per search, not at every check ({@code
   * NodeId.of} parses each name; that was an eighth of a search's CPU). No invariant of pb judges
   * transitions, so a step into a seen state checks none.
   */
  @Override
  public InvariantSupply invariantSupply(ClusterParams params) {
    List<NodeId> servers = serverIds(params.servers());
    List<NodeId> clients = clientIds(params.clients());
    return InvariantSupply.filtering(() -> PbInvariants.all(VIEW_SERVER, servers, clients));
  }

  /** The final view has a backup, settled, that converged to the primary's state. */
  @Override
  public List<Invariant> eventually(ClusterParams params) {
    return PbEventually.all(VIEW_SERVER, serverIds(params.servers()));
  }

  /**
   * The view server's limit, re-derived from its final state (not its last announcement), and only
   * while its cause is real: a primary said to have failed must be down or have restarted (lost the
   * view); one that is up and still serves the view only stopped being heard.
   */
  @Override
  public String limitAtEnd(SystemView view, NodeId node, String declared) {
    ViewServerState vs = view.stateAs(VIEW_SERVER, ViewServerState.class);
    if (!node.equals(VIEW_SERVER) || vs == null) {
      return declared;
    }
    return limitHolding(view, vs);
  }

  /** The view server's progress limit, or null unless its cause holds in {@code view}. */
  static String limitHolding(SystemView view, ViewServerState vs) {
    String limit = vs.progressLimit();
    if (limit == null || vs.halted()) {
      return limit;
    }
    PbServerState primary = view.stateAs(vs.view().primary(), PbServerState.class);
    return primary != null && primary.view().num() == vs.view().num() ? null : limit;
  }

  /**
   * Once faults stop: {@link #settleTicks} to settle, then every operation within one client retry
   * interval. A settled operation costs at most four messages plus waiting for the two other
   * clients' forwards (about 90 ticks at the swarm's slowest latency, 11 ticks); a lost reply or a
   * refused request is redone only by the client's retry, {@code clientRetryTicks} later, so it
   * breaks the bound. Measured on 2,500 correct swarm seeds: 49 ticks of settling were enough.
   */
  @Override
  public SettledLatency settledLatency(ClusterParams params) {
    return new SettledLatency(settleTicks(PbConfig.DEFAULT), PbConfig.DEFAULT.clientRetryTicks());
  }

  /**
   * Settling after faults stop: restarted servers are noticed at their first ping and replaced in
   * at most two view changes (each: the ping check, the new primary's next ping, the state transfer
   * and its retry), then a client that was waiting learns the new primary on its next retry.
   */
  static long settleTicks(PbConfig c) {
    return c.clientRetryTicks()
        + 2 * (c.pingCheckTicks() + c.pingIntervalTicks() + c.transferRetryTicks());
  }

  /** Copies, fingerprints and descriptions are checked every few events of a run. */
  @Override
  public int stateFidelityEvery() {
    return STATE_FIDELITY_EVERY;
  }

  static final int STATE_FIDELITY_EVERY = 128;

  /** Share of swarm seeds that crash and restart the view server (see {@link #swarmFaults}). */
  static final double VIEW_SERVER_CRASH_CHANCE = 0.03;

  /** Share of swarm seeds with stale-primary episodes (see {@link #swarmFaults}). */
  static final double STALE_PRIMARY_CHANCE = 0.3;

  /**
   * On a few seeds, the view server itself crashes and restarts (disk kept), so its restart path
   * runs: it must come back silent (halted) rather than invent a fresh view. That makes the rest of
   * the run a progress limit, so it is drawn sparingly. On others, stale-primary episodes: the
   * primary of the moment is cut off from the view server and the other servers, but not from the
   * clients, for several times the view server's dead interval, so the view server promotes the
   * backup while clients that still hold the old view keep talking to the old primary: a primary
   * that answers anything without its backup (fast reads) is caught serving stale data. Cutting the
   * primary off does not halt the service for good (it is alive and comes back), unlike crashing
   * it. Own stream; the view server's draws come first and are unchanged.
   */
  @Override
  public List<ScheduledFault> swarmFaults(
      Rng rng, SortedMap<String, String> options, int servers, long durationTicks) {
    List<ScheduledFault> out = new ArrayList<>();
    if (durationTicks >= 300 && rng.chance(VIEW_SERVER_CRASH_CHANCE)) {
      long at = rng.nextLong(100, durationTicks - 100);
      out.add(new ScheduledFault(at, new Fault.Crash(VIEW_SERVER)));
      out.add(new ScheduledFault(at + rng.nextLong(5, 200), new Fault.Restart(VIEW_SERVER, false)));
    }
    if (durationTicks >= 1_000 && rng.chance(STALE_PRIMARY_CHANCE)) {
      int episodes = 1 + rng.nextInt(2);
      for (int e = 0; e < episodes; e++) {
        long at = rng.nextLong(100, durationTicks - 300);
        long cut = rng.nextLong(150, 800);
        out.add(new ScheduledFault(at, new Fault.IsolateRole(Roles.PRIMARY, true)));
        out.add(new ScheduledFault(Math.min(durationTicks - 1, at + cut), new Fault.Heal()));
      }
    }
    return out;
  }

  /**
   * Kinds that make pb's progress limits permanent, drawn on fewer seeds. A primary that restarts
   * before acknowledging its view (or with no live backup) stops the service for good, by design:
   * quick crash-restarts of any server ("flap") and role faults that crash or reboot the primary
   * ("role") did that on about 80 % of the seeds that drew them, longer crashes ("crash") on 60 %
   * (measured over 300 seeds, 2026-12-07). They stay on for some seeds, since restart bugs (B7)
   * need them.
   */
  @Override
  public double swarmKindChance(String kind) {
    return switch (kind) {
      case "flap" -> FLAP_CHANCE;
      case "crash" -> CRASH_CHANCE;
      case "role" -> ROLE_CHANCE;
      default -> SwarmHints.super.swarmKindChance(kind);
    };
  }

  static final double FLAP_CHANCE = 0.05;
  static final double CRASH_CHANCE = 0.15;
  static final double ROLE_CHANCE = 0.15;

  /** pb has no options to vary; a fuzzer should aim at the primary first, then the backup. */
  /** Default, read-heavy and read-mostly mixes: stale reads need a client that keeps reading. */
  @Override
  public List<Double> swarmGetShares() {
    return List.of(0.3, 0.6, 0.9);
  }

  @Override
  public List<String> swarmRoles() {
    return List.of(Roles.PRIMARY, Roles.BACKUP);
  }
}
