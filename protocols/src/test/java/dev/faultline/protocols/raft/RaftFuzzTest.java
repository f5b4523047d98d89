package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Correct Raft under random faults of every kind: no invariant breaks, histories are linearizable
 * and, after StabilizeAll, every operation completes. Seeds: -Draft.fuzz.seeds=N (default modest so
 * the suite stays fast).
 */
class RaftFuzzTest {
  static final int SEEDS = Integer.getInteger("raft.fuzz.seeds", 300);

  @Test
  void correctRaftSurvivesRandomFaults() {
    fuzz(1, SEEDS, false);
  }

  @Test
  void correctRaftSurvivesRandomFaultsWithMembershipChanges() {
    fuzz(100_000, SEEDS / 2, true);
  }

  /** Replays one seed: -Draft.fuzz.one=SEED [-Draft.fuzz.membership=true]. */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "raft.fuzz.one",
      matches = "\\d+")
  void one() {
    fuzz(
        Long.getLong("raft.fuzz.one"),
        Integer.getInteger("raft.fuzz.count", 1),
        Boolean.getBoolean("raft.fuzz.membership"),
        System.getProperty("raft.fuzz.variant"));
  }

  private static void fuzz(long firstSeed, int seeds, boolean membership) {
    fuzz(firstSeed, seeds, membership, null);
  }

  private static void fuzz(long firstSeed, int seeds, boolean membership, String variant) {
    int passed = 0;
    for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
      RaftFuzzPlan plan = RaftFuzzPlan.draw(seed, membership);
      if ("R8".equals(variant)) {
        plan = plan.withOption("membership", "single");
      }
      RaftRuns.Run run = plan.run(seed, variant, false);
      String bad = RaftChecks.violated(run, plan.workload(), plan.stabilizeTicks());
      if (bad != null) {
        fail(
            "seed "
                + seed
                + " "
                + plan.options()
                + " violated "
                + bad
                + ": "
                + RaftChecks.explain(run, plan.workload()));
      }
      passed++;
    }
    assertEquals(seeds, passed);
  }
}
