package dev.faultline.protocols.multipaxos;

import dev.faultline.protocols.common.KvClient;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.ExploreGolden;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Multi-Paxos ("Paxos Made Moderately Complex") as a replicated KV store: servers s1..sN, each a
 * replica, a leader and an acceptor; clients c1..cM (client cK is history process K-1). Options are
 * listed in {@link MultiPaxosConfig#OPTIONS}.
 */
public final class MultiPaxosSpec implements ClusterSpec, SwarmHints {
  @Override
  public String name() {
    return "multipaxos";
  }

  @Override
  public String description() {
    return "Multi-Paxos KV store (PMMC): colocated replica/leader/acceptor, slots and WINDOW,"
        + " stable leader with heartbeats, no-op hole filling, garbage collection";
  }

  @Override
  public List<BugVariant> variants() {
    return Arrays.stream(MultiPaxosBug.values()).map(MultiPaxosBug::variant).toList();
  }

  @Override
  public Cluster build(ClusterParams params) {
    List<NodeId> servers = serverIds(params.servers());
    MultiPaxosConfig config = MultiPaxosConfig.from(servers, params.variant(), params.options());
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    MultiPaxosServer server = new MultiPaxosServer(config);
    for (NodeId id : servers) {
      nodes.put(id, server);
    }
    List<NodeId> clients = clientIds(params.clients());
    KvClient.addClients(
        nodes, clients, params.workload(), () -> new MultiPaxosClientAdapter(config));
    List<NodeId> admins = adminIds(config);
    for (int k = 0; k < admins.size(); k++) {
      nodes.put(admins.get(k), new MultiPaxosAdmin(config, config.reconfig().get(k)));
    }
    return new Cluster(nodes, servers, clients, freshInvariants(params));
  }

  /**
   * Every requested configuration change is executed or refused with a reason, and every live
   * replica executes every decided slot.
   */
  @Override
  public List<Invariant> eventually(ClusterParams params) {
    List<NodeId> servers = serverIds(params.servers());
    MultiPaxosConfig config = MultiPaxosConfig.from(servers, params.variant(), params.options());
    return MultiPaxosEventually.all(adminIds(config), servers);
  }

  /** One admin node per configuration step: a1, a2, ... */
  private static List<NodeId> adminIds(MultiPaxosConfig config) {
    List<NodeId> admins = new java.util.ArrayList<>();
    for (int k = 0; k < config.reconfig().size(); k++) {
      admins.add(NodeId.of("a" + (k + 1)));
    }
    return admins;
  }

  @Override
  public List<Invariant> freshInvariants(ClusterParams params) {
    List<NodeId> servers = serverIds(params.servers());
    return MultiPaxosInvariants.fresh(
        MultiPaxosConfig.from(servers, params.variant(), params.options()));
  }

  /**
   * 3 servers, 1 client doing 1 operation (a put), BFS to depth 7 with {@link #EXPLORE_TIMING}: an
   * election, the put's agreement and execution (first at depth 6) and the reply reaching the
   * client (depth 7), with every interleaving of the other servers' timeouts and messages.
   */
  @Override
  public ExploreGolden exploreGolden() {
    return new ExploreGolden(3, 1, 1, 7, new TreeMap<>(EXPLORE_TIMING), 110_282);
  }

  /**
   * Timing for the explorer: a leader timeout below the proposal re-send period (three heartbeats).
   * The explorer lets a timer fire unless another timer of the node must fire first; with the
   * default timing the 60-tick re-send always must, so no server ever times out and nothing is
   * decided.
   */
  public static final Map<String, String> EXPLORE_TIMING =
      Map.of(
          "heartbeatTicks", "100", "leaderTimeoutTicksMin", "101", "leaderTimeoutTicksMax", "200");

  /**
   * A small window (1, 2) crowds proposals into few slots; 5 is the default. On about a third of
   * the seeds, one to three admins change the acceptor set (drawn after the window, so a seed's
   * window is the same as before reconfiguration existed).
   */
  @Override
  public SortedMap<String, String> swarmOptions(Rng rng, int servers, long durationTicks) {
    SortedMap<String, String> o = new TreeMap<>();
    int window = List.of(1, 2, 5, 5).get(rng.nextInt(4));
    if (window != 5) {
      o.put("window", Integer.toString(window));
    }
    if (servers >= 2 && rng.chance(RECONFIG_CHANCE)) {
      o.put("reconfig", reconfigPlan(rng, servers, durationTicks));
    }
    return o;
  }

  /** Share of seeds that draw a reconfiguration plan. */
  static final double RECONFIG_CHANCE = 0.3;

  /**
   * One to three steps, each a random non-empty acceptor set; steps close together race (the later
   * one is refused while the earlier one is pending), far apart they meet later faults.
   */
  private static String reconfigPlan(Rng rng, int servers, long durationTicks) {
    List<String> steps = new java.util.ArrayList<>();
    long tick = rng.nextLong(100, Math.max(101, durationTicks / 3));
    int count = 1 + rng.nextInt(3);
    for (int k = 0; k < count; k++) {
      List<String> members = new java.util.ArrayList<>();
      for (int i = 1; i <= servers; i++) {
        if (rng.chance(0.7)) {
          members.add("s" + i);
        }
      }
      if (members.isEmpty()) {
        members.add("s" + (1 + rng.nextInt(servers)));
      }
      steps.add(tick + ":" + String.join(",", members));
      tick += rng.chance(0.5) ? rng.nextLong(10, 150) : rng.nextLong(150, 1_500);
    }
    return String.join(";", steps);
  }

  /**
   * For a seed with a reconfiguration plan, usually aim the kernel's state-aware faults at one of
   * its changes (armed just before that step's tick; each one-shot, firing only if the protocol
   * gets there, and each drawn on its own so seeds mix them): the leader that commands the
   * configuration command drops off right after sending its p2a (they reach nobody); a remote
   * acceptor that accepts it reboots; the leader that decides it drops off, so the next leader must
   * run phase 1 across both configurations; the next acceptor to promise reboots; and the leader
   * that starts commanding the new acceptors' first slot (the command's slot + WINDOW) drops off,
   * or loses its link to one of them. Correct Multi-Paxos must stay safe and, once faults stop,
   * live.
   */
  @Override
  public List<ScheduledFault> swarmFaults(
      Rng rng, SortedMap<String, String> options, int servers, long durationTicks) {
    List<MultiPaxosConfig.ReconfigStep> steps = reconfigSteps(options, servers);
    if (steps.isEmpty() || !rng.chance(AIMED_CHANCE)) {
      return List.of();
    }
    MultiPaxosConfig.ReconfigStep step = steps.get(rng.nextInt(steps.size()));
    if (step.notBeforeTick() >= durationTicks) {
      return List.of(); // faults must strike inside the fault period
    }
    long arm = Math.max(0, step.notBeforeTick() - 1);
    List<ScheduledFault> out = new ArrayList<>();
    if (rng.chance(0.6)) {
      out.add(isolateAfter(arm, Annotations.CONFIG_APPENDED, rng.nextLong(100, 600)));
    }
    if (rng.chance(0.6)) {
      out.add(new ScheduledFault(arm, rebootAfter(Annotations.CONFIG_LEARNED, rng)));
    }
    if (rng.chance(0.6)) {
      out.add(isolateAfter(arm, Annotations.CONFIG_COMMITTED, rng.nextLong(150, 1_500)));
    }
    if (rng.chance(0.6)) {
      out.add(new ScheduledFault(arm, rebootAfter(Annotations.VOTE, rng)));
    }
    if (rng.chance(0.6)) {
      String key = MultiPaxosServer.CONFIG_IN_FORCE;
      long ticks = rng.nextLong(100, 1_000);
      NodeId member = step.members().asList().get(rng.nextInt(step.members().size()));
      out.add(
          rng.chance(0.5)
              ? isolateAfter(arm, key, ticks)
              : new ScheduledFault(arm, new Fault.BlockAfterAnnotation(key, member, ticks)));
    }
    return out;
  }

  /** Share of seeds with a reconfiguration plan that also get faults aimed at it. */
  static final double AIMED_CHANCE = 0.8;

  private static ScheduledFault isolateAfter(long tick, String key, long ticks) {
    return new ScheduledFault(tick, new Fault.IsolateAfterAnnotation(key, ticks));
  }

  private static Fault.RebootAfterAnnotation rebootAfter(String key, Rng rng) {
    return new Fault.RebootAfterAnnotation(key, rng.nextLong(0, 400));
  }

  /**
   * The reconfiguration steps in {@code options}, or none (bad options: the reader reports them).
   */
  private List<MultiPaxosConfig.ReconfigStep> reconfigSteps(
      SortedMap<String, String> options, int servers) {
    if (!options.containsKey("reconfig")) {
      return List.of();
    }
    try {
      return MultiPaxosConfig.from(serverIds(servers), null, options).reconfig();
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  @Override
  public List<String> swarmRoles() {
    return List.of(Roles.LEADER, Roles.CANDIDATE, Roles.FOLLOWER);
  }
}
