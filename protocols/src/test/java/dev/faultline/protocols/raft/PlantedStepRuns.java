package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;

/**
 * The step-rule tests' one verdict on a planted server: its rule, and only its rule, catches it.
 */
final class PlantedStepRuns {
  private PlantedStepRuns() {}

  /** The planted run of a seed, with the {@code checkSteps} option on or off. */
  interface Planted {
    RunPlan at(long seed, boolean steps);
  }

  /**
   * Some of seeds 1 to {@code seeds} fail {@code rule}, every failing seed fails it (no other
   * property first) with {@code detail} in its message, and, if {@code passesWithout} (the plant
   * only drops or delays), the first failing seed passes every other check without the option.
   */
  static void caught(
      String rule, String detail, int seeds, boolean passesWithout, Planted planted) {
    long first = -1;
    for (long seed = 1; seed <= seeds; seed++) {
      ClusterRun.Result r = ClusterRun.run(planted.at(seed, true));
      if (r.property() == null) {
        continue;
      }
      assertEquals(rule, r.property(), seed + ": " + r.message());
      assertTrue(r.message().contains(detail), r.message());
      if (first < 0) {
        first = seed;
      }
    }
    assertTrue(first > 0, rule + " never failed on seeds 1-" + seeds);
    if (passesWithout) {
      ClusterRun.Result without = ClusterRun.run(planted.at(first, false));
      assertNull(without.property(), first + " without checkSteps: " + without.message());
    }
  }
}
