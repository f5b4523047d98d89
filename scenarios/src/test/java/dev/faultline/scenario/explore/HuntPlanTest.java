package dev.faultline.scenario.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.DeclaredSearch;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.sim.api.BugVariant;
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
    assertEquals("declared by R1, the hunted variant", r1.getFirst().origin());
    assertEquals(Long.MAX_VALUE, r1.getFirst().stateBudget());
    assertEquals(2, r1.getFirst().bounds().maxInFlightPerLink(), r1.getFirst().describe());
    // The other declarations follow, cheapest pinned model first, then the generic models.
    assertTrue(r1.get(1).origin().startsWith("declared by R"), r1.get(1).origin());
    assertEquals("generic", r1.getLast().origin());
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
  void aStagedDeclarationStartsFromItsNamedStateReachedByBfsWithNoClients() {
    BugVariant b2 = PB.variants().get(1);
    VariantSearch s = b2.search();
    assertNotNull(s, "pb B2 declares a search");
    assertNotNull(s.start(), "B2's search starts from a ready view");
    HuntStage stage = HuntPlan.of(PB, "B2", new TreeMap<>()).getFirst();
    assertEquals(s.start(), stage.start());
    assertTrue(stage.describe().endsWith("from the first ready view"), stage.describe());
    List<ExploreAction> toReady = DeclaredSearch.startPath(PB, "B2", s);
    assertEquals(12, toReady.size(), toReady.toString());
    assertNull(RAFT.variants().get(0).search().start(), "R1's search starts at boot");
    assertEquals(List.of(), DeclaredSearch.startPath(RAFT, "R1", RAFT.variants().get(0).search()));
  }
}
