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

  /** Server names for n servers, e.g. s1..sn; clients are c1..cm. */
  default List<NodeId> serverIds(int n) {
    return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> NodeId.of("s" + i)).toList();
  }

  default List<NodeId> clientIds(int m) {
    return java.util.stream.IntStream.rangeClosed(1, m).mapToObj(i -> NodeId.of("c" + i)).toList();
  }

  /**
   * The explorer's golden unique-state count for a small pinned search, or null when the protocol
   * declares none. The contract suite checks it for every registered protocol that declares one.
   */
  default ExploreGolden exploreGolden() {
    return null;
  }
}
