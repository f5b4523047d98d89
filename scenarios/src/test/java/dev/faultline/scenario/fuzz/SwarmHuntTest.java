package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.run.RunOptions;
import org.junit.jupiter.api.Test;

/**
 * The swarm fuzzer (what {@code faultline fuzz} runs) finds the bugs it used to miss: Raft R2
 * (Figure 8, needs small append batches and the leader crashed at the right moment) and pb B2 (fast
 * reads, needs the primary cut off from the view server while a client still reaches it). The seed
 * ranges are fixed so the test is deterministic; the budgets are a few times the measured
 * seeds-to-failure of those ranges (README, fuzzing section, has the medians over five ranges;
 * {@link SwarmRangeHuntTest} re-measures them). Bigger hunts: {@code -Dfl.swarm.hunt=N} seeds per
 * variant.
 */
class SwarmHuntTest {
  private static final int HUNT = Integer.getInteger("fl.swarm.hunt", 0);

  /** The first seed in [first, first + budget) whose run violates {@code property}, or -1. */
  private static long hunt(
      String protocol, String variant, String property, long first, int budget) {
    FuzzCampaign c = new FuzzCampaign(FuzzConfig.of(protocol, variant), RunOptions.DEFAULT, false);
    for (long seed = first; seed < first + budget; seed++) {
      SeedOutcome o = c.runSeed(seed);
      if (property.equals(o.property())) {
        return seed;
      }
    }
    return -1;
  }

  @Test
  void swarmFindsRaftR2() {
    // Range re-pinned from 400001 (first R2 at 400105) to 403001 (first at 403045) when the swarm
    // gained reboot-after: 400105 draws that kind, and its extra reboots re-roll the run. The R2
    // rate did not drop: on the seeds that draw it (1990 of 403001..407000, about half of
    // 400001..403000), 4 + 0 Figure-8 hits with the reboots vs 0 + 2 with them removed.
    long seed = hunt("raft", "R2", "LeaderCompleteness", 403_001, HUNT > 0 ? HUNT : 300);
    assertTrue(seed > 0, "R2 (LeaderCompleteness) not found");
  }

  @Test
  void swarmFindsPbB2() {
    // Budget 1300: the first B2 hit from seed 1 moved from 541 to 1195 when pb's state transfers
    // became addressed to one backup incarnation (fuzz seed 1936 fix): the extra re-addressed
    // transfers shift later random draws, so seed 541's run diverges (the B2 rate is unchanged:
    // 3 hits in seeds 1..6000 before and after).
    long seed = hunt("pb", "B2", "Linearizability", 1, HUNT > 0 ? HUNT : 1300);
    assertTrue(seed > 0, "B2 (Linearizability) not found");
  }
}
