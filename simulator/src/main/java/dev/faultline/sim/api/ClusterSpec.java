package dev.faultline.sim.api;

import java.util.List;

/**
 * A protocol as the rest of the testbed sees it (CLI, scenarios, fuzzer, explorer): its name as
 * used on the command line, its bug variants, and how to build a cluster for a scenario.
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
   * Protocol options a swarm fuzzer should vary, drawn for one seed (e.g. a small batch size, a
   * membership-change plan). Only values that differ from the defaults need appear; the result is
   * written into the generated scenario's {@code options}, so a failure replays. {@code rng} is the
   * fuzzer's per-seed stream for options. Default: none.
   */
  default java.util.SortedMap<String, String> swarmOptions(
      dev.faultline.sim.rand.Rng rng, int servers, long durationTicks) {
    return new java.util.TreeMap<>();
  }

  /**
   * Faults a swarm fuzzer should add for one seed, aimed at what this seed's drawn {@code options}
   * do (e.g. state-aware faults armed around Raft's membership-change steps), on top of the
   * fuzzer's own. {@code rng} is the fuzzer's per-seed stream for these. Default: none.
   */
  default List<dev.faultline.sim.fault.ScheduledFault> swarmFaults(
      dev.faultline.sim.rand.Rng rng,
      java.util.SortedMap<String, String> options,
      int servers,
      long durationTicks) {
    return List.of();
  }

  /**
   * Role names (as the nodes {@code annotate("role", ...)}) worth aiming role-targeted faults at,
   * most important first, e.g. "leader" for Raft, "primary" for primary/backup. Default: none.
   */
  default List<String> swarmRoles() {
    return List.of();
  }
}
