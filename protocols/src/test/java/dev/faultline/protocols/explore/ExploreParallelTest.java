package dev.faultline.protocols.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.ExploreWorkloads;
import dev.faultline.protocols.Protocols;
import dev.faultline.protocols.pb.PbClientState;
import dev.faultline.protocols.pb.PbGoals;
import dev.faultline.protocols.pb.PbServerState;
import dev.faultline.protocols.pb.PbSpec;
import dev.faultline.protocols.pb.View;
import dev.faultline.protocols.pb.ViewServerState;
import dev.faultline.protocols.raft.RaftState;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Goal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parallel BFS on Raft and primary/backup gives exactly the single-threaded result: the golden
 * state counts (Raft depth 6: 6,245; PB depth 7: 13,161) and the R3, R1, B1, B2 and B3 searches,
 * each with 1, 2 and 4 threads, compared field by field (end, bound, fault bounds, generated and
 * unique counts, depth, property, message, path, goals). Only the search itself is repeated per
 * thread count; prefixes (seeded walks, earlier stages) are computed once, single-threaded.
 */
class ExploreParallelTest {
  private static final int[] THREADS = {2, 4};
  private static final Map<String, String> RAFT_PLAIN =
      Map.of("preVote", "false", "checkQuorum", "false");

  /** Protocol invariants (fresh per call) plus linearizability (one checker per thread). */
  private static ExploreResult explore(
      String protocol,
      String variant,
      List<List<ClientOp>> workload,
      Map<String, String> options,
      ExploreOptions o,
      List<Goal> goals,
      List<ExploreAction> prefix,
      int threads) {
    return ClusterExplore.explore(
        Protocols.byName(protocol), variant, 3, workload, options, o, goals, prefix, threads);
  }

  /** Runs the search with 1 thread, asserts 2 and 4 threads give the same result, returns it. */
  private static ExploreResult same(
      String protocol,
      String variant,
      List<List<ClientOp>> workload,
      Map<String, String> options,
      ExploreOptions o,
      List<Goal> goals,
      List<ExploreAction> prefix) {
    ExploreResult one = explore(protocol, variant, workload, options, o, goals, prefix, 1);
    for (int threads : THREADS) {
      ExploreResult r = explore(protocol, variant, workload, options, o, goals, prefix, threads);
      String where = protocol + " " + variant + ", " + threads + " threads: " + r.summary();
      assertEquals(one.end(), r.end(), where);
      assertEquals(one.bound(), r.bound(), where);
      assertEquals(one.faultBounds(), r.faultBounds(), where);
      assertEquals(one.states(), r.states(), where);
      assertEquals(one.uniqueStates(), r.uniqueStates(), where);
      assertEquals(one.maxDepth(), r.maxDepth(), where);
      assertEquals(one.visitedBytes(), r.visitedBytes(), where);
      assertEquals(one.property(), r.property(), where);
      assertEquals(one.message(), r.message(), where);
      assertEquals(one.path(), r.path(), where);
      assertEquals(one.goalsReached(), r.goalsReached(), where);
      assertEquals(one.goalsMissed(), r.goalsMissed(), where);
    }
    return one;
  }

  // ------------------------------------------------------------------ golden counts

  @Test
  void goldenCountsAreIdenticalUnderThreads() {
    ExploreResult raft =
        same(
            "raft",
            null,
            List.of(),
            RAFT_PLAIN,
            ExploreOptions.defaults().withMaxDepth(6),
            List.of(),
            List.of());
    assertEquals(EndCondition.BOUND_REACHED, raft.end(), raft.summary());
    assertEquals(6245, raft.uniqueStates(), raft.summary());
    ExploreResult pb =
        same(
            "pb",
            null,
            List.of(),
            Map.of(),
            ExploreOptions.defaults().withMaxDepth(7),
            List.of(),
            List.of());
    assertEquals(EndCondition.BOUND_REACHED, pb.end(), pb.summary());
    assertEquals(13161, pb.uniqueStates(), pb.summary());
  }

  // ------------------------------------------------------------------ Raft variants

  @Test
  void r3_sameCounterexampleUnderThreads() {
    ExploreResult r =
        same(
            "raft",
            "R3",
            List.of(),
            RAFT_PLAIN,
            ExploreOptions.defaults().withFaults(1, 0, 0, 0).withMaxDepth(8),
            List.of(),
            List.of());
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("ElectionSafety", r.property());
  }

  private static final Goal RAFT_COMMITTED =
      new Goal(
          "Committed",
          v ->
              v.nodes().stream()
                  .map(n -> v.stateAs(n, RaftState.class))
                  .anyMatch(s -> s != null && s.commitIndex() >= 1));

  @Test
  void r1_bothStagesSameUnderThreads() {
    ExploreOptions stage = ExploreOptions.defaults().withMaxDepth(12);
    ExploreResult committed =
        same(
            "raft",
            "R1",
            ExploreWorkloads.of(1, 1),
            RAFT_PLAIN,
            stage.withStopAtGoal(true),
            List.of(RAFT_COMMITTED),
            List.of());
    assertEquals(EndCondition.GOAL_REACHED, committed.end(), committed.summary());
    ExploreResult r =
        same(
            "raft",
            "R1",
            ExploreWorkloads.of(1, 1),
            RAFT_PLAIN,
            stage,
            List.of(),
            committed.path());
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("LeaderCompleteness", r.property(), r.message());
  }

  // ------------------------------------------------------------------ primary/backup variants

  private static final Goal PB_READY = new Goal("Ready", PbGoals::ready);

  /** A ready view (primary, backup, transfer done) by a seeded walk, single-threaded. */
  private static List<ExploreAction> pbReady() {
    ExploreResult r =
        explore(
            "pb",
            null,
            List.of(),
            Map.of(),
            ExploreOptions.defaults()
                .withStrategy(ExploreOptions.Strategy.RANDOM)
                .withSeed(4)
                .withMaxDepth(60)
                .withStopAtGoal(true),
            List.of(PB_READY),
            List.of(),
            1);
    assertEquals(EndCondition.GOAL_REACHED, r.end(), r.summary());
    return r.path();
  }

  @Test
  void b1_and_b3_sameUnderThreads() {
    List<ExploreAction> ready = pbReady();
    ExploreResult b1 =
        same(
            "pb",
            "B1",
            ExploreWorkloads.of(1, 1),
            Map.of(),
            ExploreOptions.defaults(),
            List.of(),
            ready);
    assertEquals(EndCondition.VIOLATION, b1.end(), b1.summary());
    assertEquals("BackupHasAckedWrites", b1.property(), b1.message());

    ExploreOptions oneCrash = ExploreOptions.defaults().withFaults(1, 0, 0, 0);
    ExploreResult walk =
        explore(
            "pb",
            "B3",
            ExploreWorkloads.of(1, 1),
            Map.of(),
            oneCrash.withStrategy(ExploreOptions.Strategy.RANDOM).withSeed(2).withMaxDepth(40),
            List.of(),
            ready,
            1);
    assertEquals(EndCondition.VIOLATION, walk.end(), walk.summary());
    List<ExploreAction> prefix = walk.path().subList(0, walk.path().size() - 6);
    ExploreResult b3 =
        same("pb", "B3", ExploreWorkloads.of(1, 1), Map.of(), oneCrash, List.of(), prefix);
    assertEquals(EndCondition.VIOLATION, b3.end(), b3.summary());
    assertEquals("BackupHasAckedWrites", b3.property());
  }

  private static final NodeId C1 = NodeId.of("c1");
  private static final NodeId C2 = NodeId.of("c2");

  /** c1 reads x, c2 writes it (the B2 workload). */
  private static final List<List<ClientOp>> READ_WRITE =
      List.of(List.of(new ClientOp("get", "x", null)), List.of(new ClientOp("put", "x", "c2-1")));

  private static final List<Goal> B2_STAGES =
      List.of(
          new Goal(
              "C1HasView",
              v -> {
                PbClientState c1 = v.stateAs(C1, PbClientState.class);
                return c1 != null && c1.view().primary() != null;
              }),
          new Goal(
              "Promoted",
              v -> {
                ViewServerState vs = v.stateAs(PbSpec.VIEW_SERVER, ViewServerState.class);
                PbClientState c1 = v.stateAs(C1, PbClientState.class);
                return vs != null
                    && c1 != null
                    && c1.view().primary() != null
                    && vs.view().num() > c1.view().num()
                    && vs.view().primary() != null
                    && !vs.view().primary().equals(c1.view().primary());
              }),
          new Goal(
              "SplitBrain",
              v -> {
                ViewServerState vs = v.stateAs(PbSpec.VIEW_SERVER, ViewServerState.class);
                PbClientState c1 = v.stateAs(C1, PbClientState.class);
                if (vs == null || c1 == null || c1.view().primary() == null) {
                  return false;
                }
                View current = vs.view();
                View old = c1.view();
                if (current.num() <= old.num()
                    || current.primary() == null
                    || current.primary().equals(old.primary())) {
                  return false;
                }
                PbServerState was = v.stateAs(old.primary(), PbServerState.class);
                PbServerState now = v.stateAs(current.primary(), PbServerState.class);
                return was != null
                    && was.view().num() == old.num()
                    && now != null
                    && now.view().num() == current.num()
                    && now.transferDone();
              }),
          new Goal(
              "C2Wrote",
              v -> {
                PbClientState c2 = v.stateAs(C2, PbClientState.class);
                return c2 != null && c2.ackedWriteSeq() > 0;
              }));

  @Test
  void b2_everyStageSameUnderThreads() {
    ExploreOptions oneCut = ExploreOptions.defaults().withLinkCuts(1);
    List<ExploreAction> path = pbReady();
    for (Goal g : B2_STAGES) {
      ExploreResult r =
          same("pb", "B2", READ_WRITE, Map.of(), oneCut.withStopAtGoal(true), List.of(g), path);
      assertEquals(EndCondition.GOAL_REACHED, r.end(), g.name() + ": " + r.summary());
      path = r.path();
    }
    ExploreResult r = same("pb", "B2", READ_WRITE, Map.of(), oneCut, List.of(), path);
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("Linearizability", r.property(), r.message());
    // The correct protocol under the same final stage: same (clean) result under threads.
    ExploreResult correct =
        same(
            "pb",
            null,
            READ_WRITE,
            Map.of(),
            oneCut.withMaxDepth(4).withMaxStates(20_000),
            List.of(),
            path);
    assertNull(correct.property(), correct.summary());
  }
}
