package dev.faultline.protocols.multipaxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.EndState;
import dev.faultline.protocols.common.PlantedNode;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.network.NetworkConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Multi-Paxos's EVENTUALLY properties fail on the bugs they close (planted at one node by rewriting
 * the messages it receives, so the protocol code stays correct, or as hand-made end states) and
 * hold for correct Multi-Paxos on the same plan: two clients append through every server while a1
 * makes s1 and s2 the acceptors.
 */
class MultiPaxosEventuallyTest {
  private static final NodeId S3 = NodeId.of("s3");
  private static final List<NodeId> SERVERS = List.of(NodeId.of("s1"), NodeId.of("s2"), S3);

  @Test
  void correctMultiPaxosConvergesAndCompletesItsChange() {
    ClusterRun.Result r = ClusterRun.run(plan());
    assertNull(r.property(), r.message());
    MultiPaxosState s3 = r.world().stateAs(S3, MultiPaxosState.class);
    assertTrue(s3.slotOut() > 20, "s3 executed only up to slot " + (s3.slotOut() - 1));
  }

  /**
   * s1 never hears a decision (nor a catch-up; s3 leads, so s1 decides nothing itself): it executes
   * nothing, while s2 and s3 answer every client.
   */
  @Test
  void aReplicaThatNeverLearnsDecisionsIsCaught() {
    RunPlan plan =
        PlantedNode.at(
                new MultiPaxosSpec(),
                NodeId.of("s1"),
                m ->
                    m instanceof MultiPaxosMessage.Decision
                            || m instanceof MultiPaxosMessage.CatchUp
                        ? null
                        : m)
            .on(plan());
    ClusterRun.Result r = ClusterRun.run(plan);
    assertEquals(MultiPaxosEventually.REPLICAS_CONVERGE, r.property(), r.message());
  }

  /** The admin never hears the answer to its command (it keeps re-sending it). */
  @Test
  void anAdminThatNeverHearsItsAnswerIsCaught() {
    RunPlan plan =
        PlantedNode.at(
                new MultiPaxosSpec(),
                NodeId.of("a1"),
                m -> m instanceof MultiPaxosMessage.ClientReply ? null : m)
            .on(plan());
    ClusterRun.Result r = ClusterRun.run(plan);
    assertEquals(MultiPaxosEventually.RECONFIG_COMPLETES, r.property(), r.message());
  }

  /** A decision stranded behind a slot nobody decided (a leader that never fills holes). */
  @Test
  void aDecisionBehindAHoleIsCaught() {
    MultiPaxosState s1 = replica("s1", 3);
    s1.decisions.put(5L, put(5));
    String found = converge(new EndState().up("s1", s1));
    assertTrue(found != null && found.contains("slot 3 was never decided"), found);
  }

  /** A replica behind the others, or at the same slot with another state. */
  @Test
  void aReplicaBehindOrApartIsCaught() {
    MultiPaxosState s1 = replica("s1", 4);
    MultiPaxosState s2 = replica("s2", 3);
    EndState end = new EndState().up("s1", s1).up("s2", s2);
    String found = converge(end);
    assertTrue(found != null && found.startsWith("s2 executed slots up to 2"), found);
    s2 = replica("s2", 4);
    s2.kv.apply("put", "k", "other");
    found = converge(end.up("s2", s2));
    assertTrue(found != null && found.contains("instead of"), found);
    assertNull(converge(end.up("s2", replica("s2", 4))));
  }

  private static String converge(EndState end) {
    Invariant converge = MultiPaxosEventually.all(List.of(), SERVERS).get(1);
    assertEquals(MultiPaxosEventually.REPLICAS_CONVERGE, converge.name());
    return converge.check(end);
  }

  /** A replica that executed puts in slots 1 .. slots-1. */
  private static MultiPaxosState replica(String id, long slots) {
    MultiPaxosState s = new MultiPaxosState(NodeId.of(id), ImmutableSortedSet.copyOf(SERVERS));
    for (long slot = 1; slot < slots; slot++) {
      Command c = put(slot);
      s.kv.apply(c.f(), c.key(), c.value());
      s.slotOut = slot + 1;
    }
    return s;
  }

  private static Command put(long n) {
    NodeId c1 = NodeId.of("c1");
    return new Command(c1, n, "put", "k", "v" + n, NodeId.of("s1"));
  }

  /** Ten appends per client (MultiPaxosReconfigTest's), a1 making s1, s2 the acceptors at 600. */
  private static RunPlan plan() {
    return RunPlan.of(
        new MultiPaxosSpec(),
        3,
        null,
        MultiPaxosReconfigTest.appends(10, 2_000),
        new TreeMap<>(Map.of("reconfig", "600:s1,s2")),
        5,
        NetworkConfig.RELIABLE,
        List.of(),
        3_000,
        3_000);
  }
}
