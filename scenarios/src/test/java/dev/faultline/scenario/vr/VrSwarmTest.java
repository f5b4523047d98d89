package dev.faultline.scenario.vr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.run.RunOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VR under the swarm fuzzer (the one behind {@code faultline fuzz}): the correct protocol violates
 * nothing, and a Liveness outcome is accepted only inside the one progress limit VR declares (more
 * than f replicas recovering at once, which the paper's model excludes); same seed, same trace;
 * every variant is found within a small budget. Bigger: {@code -Dfl.vr.seeds=20000}, {@code
 * -Dfl.vr.hunt=N}.
 */
class VrSwarmTest {
  /** Variants with a library scenario. */
  static final List<String> LIBRARY_VARIANTS =
      List.of("V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "V11", "V12");

  static final int SEEDS = Integer.getInteger("fl.vr.seeds", 200);
  static final int OPS = Integer.getInteger("fl.vr.ops", 40);
  static final int HUNT = Integer.getInteger("fl.vr.hunt", 0);

  static FuzzConfig config(String variant) {
    return FuzzConfig.of("vr", variant).withOps(OPS);
  }

  @Test
  void correctVrIsSafeAndLiveUpToItsKnownLimit() {
    FuzzCampaign.Summary sum =
        new FuzzCampaign(config(null), RunOptions.DEFAULT, false)
            .run(new FuzzCampaign.Bounds(1, SEEDS, 0, 1, 1), 2, null);
    List<String> bad = new ArrayList<>();
    for (SeedOutcome o : sum.failures()) {
      bad.add("seed " + o.seed() + ": " + o.property() + ": " + o.message());
    }
    System.out.println(
        "vr swarm: "
            + sum.outcomes().size()
            + " seeds in "
            + sum.elapsedMillis()
            + " ms, "
            + sum.livenessLimits().size()
            + " at the recovery limit, "
            + bad.size()
            + " failing");
    assertEquals(SEEDS, sum.outcomes().size());
    assertTrue(bad.isEmpty(), bad.size() + " failing seeds: " + bad.stream().limit(5).toList());
  }

  @Test
  void sameSeedSameTrace() {
    FuzzCampaign.Summary sum =
        new FuzzCampaign(config(null), RunOptions.DEFAULT, true)
            .run(new FuzzCampaign.Bounds(1, 10, 0, 1, 1), 2, null);
    assertTrue(sum.nondeterministic().isEmpty(), sum.nondeterministic().toString());
  }

  /**
   * Each variant, hunted from seed 1 with the fuzzer's default workload (200 ops per seed: longer
   * runs meet more view changes), within a budget a few times the measured first hit. The slower
   * hunts (V1, V6, V9, V10: 4-27 seeds, about a second each) run with {@code
   * -Dfl.vr.huntAll=true}; V8 and V12 are not found within the budgets measured so far.
   */
  @Test
  void swarmFindsTheVariants() {
    List<String> missed = new ArrayList<>();
    for (Object[] v : Boolean.getBoolean("fl.vr.huntAll") ? ALL_BUDGETS : QUICK_BUDGETS) {
      String id = (String) v[0];
      int budget = HUNT > 0 ? HUNT : (Integer) v[1];
      FuzzCampaign c = new FuzzCampaign(FuzzConfig.of("vr", id), RunOptions.DEFAULT, false);
      long found = -1;
      String what = null;
      for (long seed = 1; seed <= budget && found < 0; seed++) {
        SeedOutcome o = c.runSeed(seed);
        if (o.failed()) {
          found = seed;
          what = o.property();
        }
      }
      System.out.println("vr swarm " + id + ": first failure at seed " + found + " (" + what + ")");
      if (found < 0) {
        missed.add(id);
      }
    }
    assertTrue(missed.isEmpty(), "not found within budget: " + missed);
  }

  /** First hits measured from seed 1: V2, V3, V5, V7 at 1, V4 at 2, V11 at 10. */
  static final Object[][] QUICK_BUDGETS = {
    {"V2", 5}, {"V3", 5}, {"V4", 10}, {"V5", 5}, {"V7", 2}, {"V11", 30},
  };

  /** Plus V1 and V9 (first hit at seed 16), V6 (27) and V10 (4). */
  static final Object[][] ALL_BUDGETS = {
    {"V1", 50},
    {"V2", 5},
    {"V3", 5},
    {"V4", 10},
    {"V5", 5},
    {"V6", 80},
    {"V7", 2},
    {"V9", 50},
    {"V10", 80},
    {"V11", 30},
  };
}
