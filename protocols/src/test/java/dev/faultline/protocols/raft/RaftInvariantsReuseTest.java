package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.common.InvariantReuse;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.InvariantSupply;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Explorer;
import dev.faultline.sim.rand.Rng;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Raft's invariants reset for reuse ({@link Invariant#resetForReuse}, which the explorer does
 * instead of building fresh instances per check) say exactly what fresh instances say: on random
 * log edits that break every property (each check episode run by fresh instances and by one reused
 * set, reset between episodes), and in whole searches, where every result field must equal that of
 * a search whose invariants cannot reset (so it builds fresh ones per check, as before).
 */
class RaftInvariantsReuseTest {

  @Test
  void resetInstancesAgreeWithFreshOnesOnRandomLogEdits() {
    TreeSet<String> violated = new TreeSet<>();
    long checks = 0;
    for (boolean tracked : new boolean[] {false, true}) {
      for (long seed = 1; seed <= 150; seed++) {
        Rng rng = Rng.derived(seed, "raft-reuse-episodes");
        var edits = new RaftInvariantsIncrementalTest.RandomEdits(seed, tracked);
        List<Invariant> reused = RaftInvariants.fresh();
        List<Invariant> fresh = RaftInvariants.fresh();
        int left = 0;
        for (int step = 0; step < 200; step++) {
          if (left-- == 0) { // a new episode: as the explorer's next check
            left = rng.nextInt(4);
            fresh = RaftInvariants.fresh();
            for (Invariant inv : reused) {
              assertTrue(inv.resetForReuse(), inv.name());
            }
          }
          edits.step();
          for (int i = 0; i < fresh.size(); i++) {
            String want = fresh.get(i).check(edits);
            String got = reused.get(i).check(edits);
            assertEquals(want, got, fresh.get(i).name() + ", seed " + seed + ", step " + step);
            if (want != null) {
              violated.add(fresh.get(i).name());
            }
            checks++;
          }
        }
      }
    }
    System.out.println("reset vs fresh on random log edits: " + checks + " checks, identical");
    assertEquals(
        new TreeSet<>(
            List.of(
                "ElectionSafety",
                "LeaderAppendOnly",
                "LogMatching",
                "LeaderCompleteness",
                "StateMachineSafety")),
        violated);
  }

  @Test
  void searchesWithReusedInvariantsEqualSearchesWithFreshOnes() {
    ExploreOptions crash = ExploreOptions.defaults().withFaults(1, 0, 0, 0).withMaxDepth(7);
    ExploreOptions drop = ExploreOptions.defaults().withFaults(0, 1, 0, 0).withMaxDepth(7);
    for (int threads : new int[] {1, 2}) {
      ExploreResult correct = sameBothWays(null, 1, crash, threads);
      assertEquals(EndCondition.BOUND_REACHED, correct.end(), correct.summary());
      ExploreResult r5 = sameBothWays("R5", 2, drop, threads);
      assertEquals(EndCondition.VIOLATION, r5.end(), r5.summary());
      assertEquals("LeaderCompleteness", r5.property());
    }
  }

  /** The search with Raft's supply (reused instances) and with unresettable ones; equal results. */
  private static ExploreResult sameBothWays(
      String variant, int clients, ExploreOptions options, int threads) {
    ClusterParams params = RaftInvariantsIncrementalTest.exploreParams(variant, clients);
    RaftSpec spec = new RaftSpec();
    InvariantSupply reused = spec.invariantSupply(params);
    InvariantSupply fresh =
        new InvariantSupply(
            () -> InvariantReuse.unresettable(reused.all().get()),
            () -> InvariantReuse.unresettable(reused.transitionJudges().get()));
    ExploreResult a =
        new Explorer(spec.build(params), reused, List.of(), options).withThreads(threads).explore();
    ExploreResult b =
        new Explorer(spec.build(params), fresh, List.of(), options).withThreads(threads).explore();
    InvariantReuse.assertSameResult(b, a);
    return a;
  }

  /**
   * The reuse really happens: a search asks Raft's supply for a handful of lists, not one per
   * check.
   */
  @Test
  void aSearchBuildsAHandfulOfInvariantListsNotOnePerCheck() {
    ClusterParams params = RaftInvariantsIncrementalTest.exploreParams(null, 0);
    RaftSpec spec = new RaftSpec();
    InvariantSupply supply = spec.invariantSupply(params);
    java.util.concurrent.atomic.AtomicInteger built =
        new java.util.concurrent.atomic.AtomicInteger();
    InvariantSupply counted =
        new InvariantSupply(
            () -> {
              built.incrementAndGet();
              return supply.all().get();
            },
            () -> {
              built.incrementAndGet();
              return supply.transitionJudges().get();
            });
    ExploreResult r =
        new Explorer(
                spec.build(params), counted, List.of(), ExploreOptions.defaults().withMaxDepth(7))
            .explore();
    assertTrue(r.uniqueStates() > 1_000, r.summary());
    assertTrue(built.get() <= 4, built.get() + " lists built for " + r.states() + " steps");
  }
}
