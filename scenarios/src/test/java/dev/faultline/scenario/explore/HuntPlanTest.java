package dev.faultline.scenario.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.DeclaredSearch;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.VariantSearch;
import dev.faultline.sim.explore.ExploreAction;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The hunt's plan (no search runs here): which stages, in which order, with which budgets. */
class HuntPlanTest {
  private static final ClusterSpec RAFT = ProtocolRegistry.DEFAULT.byName("raft");
  private static final ClusterSpec PB = ProtocolRegistry.DEFAULT.byName("pb");

  @Test
  void theHuntedVariantsOwnDeclaredModelRunsFirstWithOnlyTheMemoryAndTimeBudgets() {
    List<HuntStage> r1 = HuntPlan.of(RAFT, "R1", new TreeMap<>());
    HuntStage own = r1.getFirst();
    assertEquals("declared by R1, the hunted variant", own.origin());
    assertEquals(Long.MAX_VALUE, own.stateBudget());
    assertEquals(2, own.bounds().maxInFlightPerLink(), own.describe());
    assertEquals(0, own.bounds().maxTimerFires(), own.describe());
    // The other declarations follow, cheapest pinned model first, then the generic models.
    assertTrue(r1.get(1).origin().startsWith("declared by R") && !r1.get(1).deepening());
    assertEquals("generic", r1.getLast().origin());
  }

  @Test
  void aStagedOwnModelIsFirstSearchedWithTwoThreeAndFourTimerFiringsAfterItsStart() {
    List<HuntStage> b2 = HuntPlan.of(PB, "B2", new TreeMap<>());
    for (int fires = 2; fires <= HuntPlan.DEEPEST_TIMER_FIRES; fires++) {
      HuntStage step = b2.get(fires - 2);
      assertEquals(
          "declared by B2, the hunted variant, deepening max-timer-fires=" + fires, step.origin());
      assertTrue(step.deepening());
      assertEquals(fires, step.bounds().maxTimerFires(), step.describe());
      assertEquals(508_222 * HuntPlan.STATES_PER_PINNED_STATE, step.stateBudget());
    }
    HuntStage own = b2.get(HuntPlan.DEEPEST_TIMER_FIRES - 1);
    assertEquals("declared by B2, the hunted variant", own.origin());
    assertEquals(0, own.bounds().maxTimerFires(), own.describe());
    assertEquals(Long.MAX_VALUE, own.stateBudget());
  }

  @Test
  void theCorrectProtocolRunsEveryDeclaredModelCheapestFirstThenTheGenericOnes() {
    List<HuntStage> plan = HuntPlan.of(RAFT, null, new TreeMap<>());
    long declared = RAFT.variants().stream().filter(v -> v.search() != null).count();
    for (int i = 0; i < declared; i++) {
      assertTrue(plan.get(i).origin().startsWith("declared by R"), plan.get(i).origin());
      assertTrue(plan.get(i).stateBudget() < Long.MAX_VALUE, plan.get(i).describe());
    }
    for (int i = 1; i < declared; i++) {
      assertTrue(plan.get(i - 1).stateBudget() <= plan.get(i).stateBudget(), plan.toString());
    }
    assertEquals("generic", plan.get((int) declared).origin());
  }

  @Test
  void aHuntedVariantWithNoDeclarationRunsTheSamePlanAsTheCorrectProtocol() {
    assertEquals(
        HuntPlan.of(RAFT, null, new TreeMap<>()), HuntPlan.of(RAFT, "R2", new TreeMap<>()));
  }

  @Test
  void aStagedDeclarationStartsWhereItsStagesLeadAndItsDeepeningStepsShareThem() {
    VariantSearch b1 = PB.variants().get(0).search();
    assertEquals(1, b1.starts().size(), "B1's search starts from the first ready view");
    List<HuntStage> plan = HuntPlan.of(PB, "B1", new TreeMap<>());
    assertEquals(b1, plan.getFirst().staged());
    assertTrue(plan.getFirst().describe().endsWith("from the first ready view"), plan.toString());
    List<ExploreAction> toReady = DeclaredSearch.startPath(PB, "B1", b1);
    assertEquals(12, toReady.size(), toReady.toString());
    VariantSearch b2 = PB.variants().get(1).search();
    assertEquals(2, b2.starts().size(), "B2's search passes through two named states");
    assertEquals(
        "ready view, then stale client view",
        HuntPlan.of(PB, "B2", new TreeMap<>()).getFirst().goals());
    assertTrue(RAFT.variants().get(0).search().starts().isEmpty(), "R1's search starts at boot");
    assertEquals(List.of(), DeclaredSearch.startPath(RAFT, "R1", RAFT.variants().get(0).search()));
    assertNull(HuntPlan.of(RAFT, "R1", new TreeMap<>()).getFirst().staged());
  }
}
