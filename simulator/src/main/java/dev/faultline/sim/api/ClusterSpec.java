package dev.faultline.sim.api;

import java.util.List;

/**
 * A protocol as the rest of the testbed sees it (CLI, scenarios, fuzzer, explorer): its name as
 * used on the command line, its bug variants, and how to build a cluster for a scenario. What only
 * the swarm fuzzer needs is the optional {@code dev.faultline.sim.fault.SwarmHints}, which a spec
 * implements beside this interface. A protocol registers with one {@code
 * META-INF/services/dev.faultline.sim.api.ClusterSpec} line naming its spec class.
 */
public interface ClusterSpec {
  /** raft, pb, multipaxos, vr, grove. */
  String name();

  String description();

  List<BugVariant> variants();

  /** Builds a fresh cluster (fresh invariant instances) for one run. */
  Cluster build(ClusterParams params);

  /**
   * Fresh invariant instances for {@code params}, equal to {@code build(params).invariants()}. The
   * explorer asks for fresh ones at every state it checks (invariants may remember what they saw,
   * and nothing may leak between paths), so a protocol whose cluster is costly to build overrides
   * this to skip building nodes.
   */
  default List<Invariant> freshInvariants(ClusterParams params) {
    return build(params).invariants();
  }

  /**
   * The explorer's source of fresh invariants for one search of {@code params} (asked once per
   * search): {@link #freshInvariants} for new states, and those of them that judge transitions for
   * steps into states already seen. The default filters {@link #freshInvariants} at every such
   * step; a protocol overrides it to build only the transition judges, and to read its options once
   * instead of at every check.
   */
  default InvariantSupply invariantSupply(ClusterParams params) {
    return InvariantSupply.filtering(() -> freshInvariants(params));
  }

  /**
   * The protocol's EVENTUALLY properties beyond client operations (e.g. replicas converge, every
   * requested reconfiguration completes or is refused): fresh named checks that a run with a
   * stabilize phase makes once, at its end, after liveness of the client operations held. Each
   * returns null when it holds, or a sentence saying what never happened; a failure is reported
   * under the check's name. Default: none.
   */
  default List<Invariant> eventually(ClusterParams params) {
    return List.of();
  }

  /**
   * The progress limit {@code node} declared (its latest {@code limit} annotation, see {@link
   * Annotations#PROGRESS_LIMIT}) as it stands at the end of the run: {@code declared} while its
   * cause still holds there, else null, and a stalled client is then a Liveness failure, not an
   * accepted outcome. A protocol that declares limits re-derives them here from the final states
   * (not the last announcement) and checks their cause against what really happened. Default: the
   * declaration stands.
   */
  default String limitAtEnd(SystemView view, NodeId node, String declared) {
    return declared;
  }

  /**
   * How promptly the settled cluster answers its clients, or null (the default): no bound, and
   * liveness only asks that every operation finishes. See {@link SettledLatency}.
   */
  default SettledLatency settledLatency(ClusterParams params) {
    return null;
  }

  /**
   * The same kind of bound for every calm stretch of a run, not only the one after the faults: in
   * each stretch with no fault acting (every node up, no link cut, no message fault), once the
   * run's longest message delay and {@code settleTicks} have passed, every operation completes
   * within {@code opTicks}, unless the next fault comes first. Null: not checked. The default is
   * the settled bound itself, only under the check option {@link SettledLatency#CALM_OPTION} (which
   * the protocol's option parser must accept), so no default run's verdict depends on it:
   * recovering from a fault needs the same elections, view changes and catch-up whether or not more
   * faults come later. A protocol whose settled bound counts on the faults having stopped for good
   * overrides this. See {@code CalmLatencyCheck}.
   */
  default SettledLatency calmLatency(ClusterParams params) {
    return SettledLatency.calmRequested(params.options()) ? settledLatency(params) : null;
  }

  /**
   * Every how many events a white-box run checks {@link StateFidelity} (copies and fingerprints of
   * node states are faithful); 0, the default: never. It costs a copy, three fingerprints and two
   * descriptions per node per check, and it needs {@link NodeState#describe} to show nothing the
   * fingerprint leaves out, so a protocol turns it on when that holds.
   */
  default int stateFidelityEvery() {
    return 0;
  }

  /** Server names for n servers, e.g. s1..sn; clients are c1..cm. */
  default List<NodeId> serverIds(int n) {
    return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> NodeId.of("s" + i)).toList();
  }

  default List<NodeId> clientIds(int m) {
    return java.util.stream.IntStream.rangeClosed(1, m).mapToObj(i -> NodeId.of("c" + i)).toList();
  }

  /**
   * Which servers are interchangeable under {@code params}, for the explorer's symmetry reduction
   * ({@code faultline explore --symmetry}); a protocol that declares some implements {@link
   * NodeState#renamed} for every node state. Default: refused.
   */
  default Symmetry symmetry(ClusterParams params) {
    return Symmetry.refused(name() + " declares no interchangeable servers");
  }

  /**
   * The explorer's golden unique-state count for a small pinned search, or null when the protocol
   * declares none. The contract suite checks it for every registered protocol that declares one.
   */
  default ExploreGolden exploreGolden() {
    return null;
  }
}
