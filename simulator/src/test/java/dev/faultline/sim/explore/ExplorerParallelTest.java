package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Parallel BFS returns exactly what single-threaded BFS returns: end condition, bound, fault-bound
 * notes, generated and unique counts, depth, visited bytes, property, message, counterexample path
 * and goals. Each case runs the parallel engine with 1, 2, 3 and 4 threads (on one thread it is
 * compared with the plain loop, without a second core), with the default grain and with a tiny one
 * (batches of a few parents, one parent per chunk) so workers interleave even on the toy's small
 * space, and twice per thread count (a race would show as a difference between runs).
 */
class ExplorerParallelTest {
  private static final ToyCommit SPEC = new ToyCommit();
  private static final int[] THREADS = {1, 2, 3, 4};

  /** Every field except wall-clock time and heap in use. */
  static void assertSameResult(ExploreResult expected, ExploreResult actual, String what) {
    String where = what + ": " + actual.summary();
    assertEquals(expected.end(), actual.end(), where);
    assertEquals(expected.bound(), actual.bound(), where);
    assertEquals(expected.faultBounds(), actual.faultBounds(), where);
    assertEquals(expected.states(), actual.states(), where);
    assertEquals(expected.uniqueStates(), actual.uniqueStates(), where);
    assertEquals(expected.maxDepth(), actual.maxDepth(), where);
    assertEquals(expected.visitedBytes(), actual.visitedBytes(), where);
    assertEquals(expected.property(), actual.property(), where);
    assertEquals(expected.message(), actual.message(), where);
    assertEquals(expected.path(), actual.path(), where);
    assertEquals(expected.goalsReached(), actual.goalsReached(), where);
    assertEquals(expected.goalsMissed(), actual.goalsMissed(), where);
  }

  private static ExploreResult toy(
      String variant,
      ExploreOptions options,
      List<Goal> goals,
      List<ExploreAction> prefix,
      int threads,
      boolean tinyGrain,
      boolean parallelEngine) {
    Cluster cluster = SPEC.build(ToyCommit.params(3, variant));
    Explorer e =
        new Explorer(
                cluster,
                () -> SPEC.build(ToyCommit.params(3, variant)).invariants(),
                goals,
                options)
            .withThreads(threads);
    if (tinyGrain) {
      e.withParallelGrain(3, 1);
    }
    if (parallelEngine) {
      e.withParallelEngine();
    }
    return e.explore(prefix);
  }

  /** Runs the case single-threaded, then with every thread count and grain, twice each. */
  private static ExploreResult sameUnderThreads(
      String variant, ExploreOptions options, List<Goal> goals, List<ExploreAction> prefix) {
    ExploreResult expected = toy(variant, options, goals, prefix, 1, false, false);
    for (int threads : THREADS) {
      for (boolean tiny : new boolean[] {false, true}) {
        for (int run = 0; run < 2; run++) {
          ExploreResult r = toy(variant, options, goals, prefix, threads, tiny, true);
          assertSameResult(expected, r, threads + " threads, tiny grain " + tiny + ", run " + run);
        }
      }
    }
    return expected;
  }

  @Test
  void goldenCountsAreIdenticalUnderThreads() {
    ExploreResult plain = sameUnderThreads(null, ExploreOptions.defaults(), List.of(), List.of());
    assertEquals(EndCondition.SPACE_EXHAUSTED, plain.end(), plain.summary());
    assertEquals(ExplorerTest.GOLDEN_CORRECT_NO_FAULTS, plain.uniqueStates());
    ExploreResult faults =
        sameUnderThreads(
            null, ExploreOptions.defaults().withFaults(1, 1, 1, 0), List.of(), List.of());
    assertEquals(ExplorerTest.GOLDEN_CORRECT_ONE_FAULT_EACH, faults.uniqueStates());
    assertTrue(faults.faultBounds().contains("max-crashes=1 (limited the search)"));
  }

  @Test
  void violationAndItsShortestPathAreIdenticalUnderThreads() {
    ExploreResult r = sameUnderThreads("C1", ExploreOptions.defaults(), List.of(), List.of());
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("Agreement", r.property());
    assertEquals(4, r.path().size());
    // With faults, many violating states exist at the same depth: the first in canonical order
    // must win, not the first a worker happened to finish.
    ExploreResult withFaults =
        sameUnderThreads(
            "C1", ExploreOptions.defaults().withFaults(1, 1, 1, 0), List.of(), List.of());
    assertEquals(EndCondition.VIOLATION, withFaults.end(), withFaults.summary());
  }

  @Test
  void boundsGoalsAndStagedSearchesAreIdenticalUnderThreads() {
    assertEquals(
        "max-depth",
        sameUnderThreads(null, ExploreOptions.defaults().withMaxDepth(3), List.of(), List.of())
            .bound());
    // States at the depth bound are not queued (only their choices are listed): the fault-bound
    // notes they contribute must still match.
    ExploreResult cut =
        sameUnderThreads(
            null,
            ExploreOptions.defaults().withFaults(1, 1, 1, 0).withMaxDepth(2),
            List.of(),
            List.of());
    assertEquals("max-depth", cut.bound(), cut.summary());
    // max-states stops in the middle of a batch: counts must stop at the same state.
    ExploreResult few =
        sameUnderThreads(
            null,
            ExploreOptions.defaults().withFaults(1, 1, 1, 0).withMaxStates(777),
            List.of(),
            List.of());
    assertEquals(777, few.uniqueStates());
    Goal decided =
        new Goal(
            "CoordinatorCommitted",
            v ->
                Boolean.TRUE.equals(
                    v.stateAs(ToyCommit.COORDINATOR, ToyCommit.State.class).decision));
    ExploreResult g =
        sameUnderThreads(
            "C1", ExploreOptions.defaults().withStopAtGoal(true), List.of(decided), List.of());
    assertEquals(EndCondition.GOAL_REACHED, g.end(), g.summary());
    ExploreResult staged = sameUnderThreads("C1", ExploreOptions.defaults(), List.of(), g.path());
    assertEquals(EndCondition.VIOLATION, staged.end(), staged.summary());
    assertEquals(g.path(), staged.path().subList(0, g.path().size()));
  }

  // ------------------------------------------------------------------ failures inside workers

  record Hop(int n) implements Message {}

  record Idle() implements Timer {}

  /** Counts hops received; fingerprint is the count. */
  static final class Count implements NodeState<Count> {
    int hops;

    @Override
    public Count copy() {
      Count c = new Count();
      c.hops = hops;
      return c;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      sink.putInt(hops);
    }
  }

  /**
   * Every node sends a hop to both others at boot and forwards each hop once; the node named {@code
   * thrower} throws on its {@code limit}-th hop (a handler failure deep in the space).
   */
  record Gossip(List<NodeId> all, String thrower, int limit)
      implements Protocol<Count, Message, Timer> {
    @Override
    public Count init(NodeId self, Durable durable, Effects<Message, Timer> out) {
      for (NodeId peer : all) {
        if (!peer.equals(self)) {
          out.send(peer, new Hop(0));
        }
      }
      return new Count();
    }

    @Override
    public void onMessage(Count s, NodeId from, Message m, Effects<Message, Timer> out) {
      Hop h = (Hop) m;
      s.hops++;
      if (s.hops == limit && thrower != null) {
        throw new IllegalStateException("hop limit reached");
      }
      if (h.n() == 0) {
        for (NodeId peer : all) {
          if (!peer.equals(from)) {
            out.send(peer, new Hop(1));
          }
        }
      }
    }

    @Override
    public void onTimer(Count s, Timer t, Effects<Message, Timer> out) {}
  }

  private static ExploreResult gossip(String thrower, Invariant invariant, int threads) {
    List<NodeId> all = List.of(NodeId.of("s1"), NodeId.of("s2"), NodeId.of("s3"));
    Map<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (NodeId id : all) {
      nodes.put(id, new Gossip(all, id.name().equals(thrower) ? thrower : null, 4));
    }
    Cluster cluster = new Cluster(new TreeMap<>(nodes), all, List.of(), List.of());
    Supplier<List<Invariant>> invariants = invariant == null ? List::of : () -> List.of(invariant);
    return new Explorer(cluster, invariants, List.of(), ExploreOptions.defaults())
        .withThreads(threads)
        .withParallelGrain(2, 1)
        .explore();
  }

  @Test
  void handlerFailuresAreReportedAtTheSameChoiceUnderThreads() {
    ExploreResult expected = gossip("s2", null, 1);
    assertEquals(EndCondition.VIOLATION, expected.end(), expected.summary());
    assertEquals(HandlerFailure.PROPERTY, expected.property());
    for (int threads : THREADS) {
      assertSameResult(expected, gossip("s2", null, threads), threads + " threads");
    }
    ExploreResult clean = gossip(null, null, 1);
    assertEquals(EndCondition.SPACE_EXHAUSTED, clean.end(), clean.summary());
    for (int threads : THREADS) {
      assertSameResult(clean, gossip(null, null, threads), threads + " threads (clean)");
    }
  }

  @Test
  void anInvariantThatThrowsPropagatesAsInTheSingleThreadedSearch() {
    Invariant throwing =
        new Invariant() {
          @Override
          public String name() {
            return "Throws";
          }

          @Override
          public String check(dev.faultline.sim.api.SystemView view) {
            long hops = view.nodes().stream().mapToLong(n -> ((Count) view.state(n)).hops).sum();
            if (hops >= 5) {
              throw new UnsupportedOperationException("five hops");
            }
            return null;
          }
        };
    for (int threads : THREADS) {
      UnsupportedOperationException e =
          assertThrows(UnsupportedOperationException.class, () -> gossip(null, throwing, threads));
      assertEquals("five hops", e.getMessage());
    }
  }
}
