package dev.faultline.protocols.pb;

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
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.rand.Rng;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Primary/backup replication with a view server (MIT 6.824 lab 2 / DSLabs lab 2): node {@code vs}
 * (the view service; the swarm crashes it on a few seeds, scenarios may crash or cut it off),
 * servers s1..sN, clients c1..cM. Options: none for the run (unknown options are rejected); the
 * swarm's {@code swarmRarePaths=true} draws rare fault episodes on more seeds ({@link PbSwarm}),
 * the check option {@code checkCalmLatency=true} judges latency in every calm stretch, and {@code
 * checkSteps=true} judges every step by the protocol's rules ({@link PbStepInvariants}).
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
    TreeMap<String, String> unknown = new TreeMap<>(params.options());
    unknown.remove(PbSwarm.RARE_PATHS); // the swarm's, not the run's
    SettledLatency.calmRequested(unknown); // a check's, not the run's: only its value is checked
    unknown.remove(SettledLatency.CALM_OPTION);
    PbStepInvariants.removeOption(unknown); // a check's, not the run's
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "pb has no options; unknown: " + String.join(", ", unknown.keySet()));
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
    return PbInvariants.all(
        VIEW_SERVER, serverIds(params.servers()), clientIds(params.clients()), params.options());
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

  /** The swarm's pb faults: see {@link PbSwarm#faults} (and its option {@code swarmRarePaths}). */
  @Override
  public List<ScheduledFault> swarmFaults(
      Rng rng, SortedMap<String, String> options, int servers, long durationTicks) {
    return PbSwarm.faults(rng, options, servers, durationTicks);
  }

  /** See {@link PbSwarm#kindChance}. */
  @Override
  public double swarmKindChance(String kind) {
    return PbSwarm.kindChance(kind, SwarmHints.super.swarmKindChance(kind));
  }

  @Override
  public List<Double> swarmGetShares() {
    return PbSwarm.GET_SHARES;
  }

  @Override
  public List<String> swarmRoles() {
    return PbSwarm.ROLES;
  }
}
