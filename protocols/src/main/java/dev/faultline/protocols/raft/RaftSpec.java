package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.KvClient;
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
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.rand.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Raft as a replicated KV store: servers s1..sN, clients c1..cM (client cK is history process K-1)
 * and, when the {@code reconfig} option is given, one admin node a1, a2, ... per step. Options are
 * listed in {@link RaftConfig#OPTIONS}.
 */
public final class RaftSpec implements ClusterSpec, SwarmHints {
  @Override
  public String name() {
    return "raft";
  }

  @Override
  public String description() {
    return "Raft KV store: elections, PreVote, CheckQuorum, log/ReadIndex reads, snapshots,"
        + " joint and single-server membership changes";
  }

  @Override
  public List<BugVariant> variants() {
    return Arrays.stream(RaftBug.values()).map(RaftBug::variant).toList();
  }

  @Override
  public Cluster build(ClusterParams params) {
    List<NodeId> servers = serverIds(params.servers());
    RaftConfig config = RaftConfig.from(servers, params.variant(), params.options());
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    RaftNode server = new RaftNode(config);
    for (NodeId id : servers) {
      nodes.put(id, server);
    }
    List<NodeId> clients = clientIds(params.clients());
    KvClient.addClients(nodes, clients, params.workload(), () -> new RaftClientAdapter(config));
    List<NodeId> admins = adminIds(config);
    for (int k = 0; k < admins.size(); k++) {
      nodes.put(admins.get(k), new RaftAdmin(config, config.reconfig().get(k)));
    }
    return new Cluster(nodes, servers, clients, freshInvariants(params));
  }

  /** Replicas converge; every requested membership change completes or is refused. */
  @Override
  public List<Invariant> eventually(ClusterParams params) {
    RaftConfig config =
        RaftConfig.from(serverIds(params.servers()), params.variant(), params.options());
    return RaftEventually.all(
        serverIds(params.servers()),
        adminIds(config),
        config.reconfig().stream().map(RaftConfig.ReconfigStep::notBeforeTick).toList());
  }

  /** One admin node per membership-change plan: a1, a2, ... */
  private static List<NodeId> adminIds(RaftConfig config) {
    List<NodeId> admins = new java.util.ArrayList<>();
    for (int k = 0; k < config.reconfig().size(); k++) {
      admins.add(NodeId.of("a" + (k + 1)));
    }
    return admins;
  }

  /** 3 servers, no clients, PreVote and CheckQuorum off, BFS to depth 6: elections only. */
  @Override
  public ExploreGolden exploreGolden() {
    return new ExploreGolden(
        3,
        0,
        0,
        6,
        new TreeMap<>(java.util.Map.of("preVote", "false", "checkQuorum", "false")),
        6245);
  }

  /**
   * Servers are interchangeable when nothing outside them orders them: no clients (a client, like
   * an admin, tries servers round-robin in id order) and no membership plan (it names servers).
   * Servers themselves have no id-dependent rule: no initial leader, equal election timers, votes
   * and quorums counted as sets, ties never broken by id.
   */
  @Override
  public Symmetry symmetry(ClusterParams params) {
    if (params.clients() > 0) {
      return Symmetry.refused(
          "raft: symmetry needs 0 clients (a client tries servers round-robin in id order)");
    }
    for (String option : List.of("initialMembers", "reconfig")) {
      if (params.options().containsKey(option)) {
        return Symmetry.refused(
            "raft: symmetry needs no '" + option + "' option (it names particular servers)");
      }
    }
    return Symmetry.of(serverIds(params.servers()));
  }

  /**
   * Figure 3's five properties, then the implementation checks the {@code checkPersistence} and
   * {@code checkCopies} options turn on.
   */
  @Override
  public List<Invariant> freshInvariants(ClusterParams params) {
    return RaftImplementationInvariants.after(RaftInvariants.fresh(), params.options());
  }

  /**
   * The explorer's supply, options read once per search: with no implementation check on, Figure
   * 3's five properties built directly, and for a step into a seen state only the three that judge
   * transitions (the contract suite checks they are those of {@link #freshInvariants}).
   */
  @Override
  public InvariantSupply invariantSupply(ClusterParams params) {
    if (!RaftImplementationInvariants.after(List.of(), params.options()).isEmpty()) {
      return ClusterSpec.super.invariantSupply(params);
    }
    return new InvariantSupply(RaftInvariants::fresh, RaftInvariants::freshTransitionJudges);
  }

  /**
   * Once faults stop: {@link #settleTicks} to settle, then every operation within one client retry
   * interval. A settled operation costs a refusal and its leader hint, a backoff, and one append
   * round trip to a majority (the leader sends at once on a request, and ReadIndex confirms with
   * one round); a lost reply, or a request or append only the next retry or heartbeat redoes,
   * breaks it.
   */
  @Override
  public SettledLatency settledLatency(ClusterParams params) {
    RaftConfig config =
        RaftConfig.from(serverIds(params.servers()), params.variant(), params.options());
    if (!config.reconfig().isEmpty()) {
      return null; // a planned membership change may come after the faults, and elect anew
    }
    return new SettledLatency(settleTicks(config), config.clientRetryTicks());
  }

  /**
   * Settling after faults stop: a waiting client's retry, then elections (a disruptive server's
   * higher term can depose the leader once more, and narrow timeout windows split votes) and a
   * lagging follower's catch-up.
   */
  static long settleTicks(RaftConfig c) {
    return c.clientRetryTicks() + SETTLE_ELECTIONS * c.electionTimeoutTicksMax();
  }

  static final int SETTLE_ELECTIONS = 4;

  /** See {@link RaftSwarm#options}. */
  @Override
  public SortedMap<String, String> swarmOptions(Rng rng, int servers, long durationTicks) {
    return RaftSwarm.options(rng, servers, durationTicks, false);
  }

  /** See {@link RaftSwarm#options}: the fixed option {@code swarmRarePaths} leans on rare paths. */
  @Override
  public SortedMap<String, String> swarmOptions(
      Rng rng, int servers, long durationTicks, SortedMap<String, String> fixed) {
    return RaftSwarm.options(rng, servers, durationTicks, RaftSwarm.rarePaths(fixed));
  }

  /** See {@link RaftSwarm#faults}. */
  @Override
  public List<ScheduledFault> swarmFaults(
      Rng rng, SortedMap<String, String> options, int servers, long durationTicks) {
    return RaftSwarm.faults(rng, options, serverIds(servers), durationTicks);
  }

  @Override
  public double swarmKindChance(String kind) {
    return RaftSwarm.kindChance(kind);
  }

  @Override
  public List<Double> swarmGetShares() {
    return RaftSwarm.getShares();
  }

  @Override
  public List<String> swarmRoles() {
    return RaftSwarm.roles();
  }

  @Override
  public List<Integer> swarmServerCounts() {
    return RaftSwarm.serverCounts();
  }

  @Override
  public SortedMap<String, String> swarmTiming(Rng rng, int servers) {
    return RaftSwarm.timing(rng);
  }
}
