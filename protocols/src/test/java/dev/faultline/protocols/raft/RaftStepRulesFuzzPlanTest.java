package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Correct Raft keeps every step rule ({@code checkSteps=true}) under the protocol-level fuzz plan,
 * whose faults go further than the swarm's: clocks drifting by up to 30 %, far beyond their
 * promise, PreVote and CheckQuorum off, every membership mode. The election timer's rule once
 * failed seeds 122, 170, 100047 and 100100 here, judging timeouts of clocks that had broken their
 * promise; both ranges hold them.
 */
class RaftStepRulesFuzzPlanTest {
  @Test
  void correctRaftKeepsTheStepRulesUnderTheFuzzPlan() {
    List<String> broken = new ArrayList<>();
    int runs = run(1, 180, false, broken) + run(100_040, 61, true, broken);
    assertEquals(List.of(), broken);
    assertEquals(241, runs);
  }

  private static int run(long first, int seeds, boolean membership, List<String> broken) {
    int runs = 0;
    for (long seed = first; seed < first + seeds; seed++) {
      RaftFuzzPlan plan = RaftFuzzPlan.draw(seed, membership).withOption("checkSteps", "true");
      String bad =
          RaftChecks.violated(plan.run(seed, null, false), plan.workload(), plan.stabilizeTicks());
      if (bad != null) {
        broken.add("seed " + seed + " " + plan.options() + ": " + bad);
      }
      runs++;
    }
    return runs;
  }
}
