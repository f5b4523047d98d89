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
 * than f replicas recovering at once, which the paper's model excludes). Bigger: {@code
 * -Dfl.vr.seeds=20000}. (Determinism and each variant's fuzz budget are the contract suite's.)
 */
class VrSwarmTest {
  static final int SEEDS = Integer.getInteger("fl.vr.seeds", 200);
  static final int OPS = Integer.getInteger("fl.vr.ops", 40);

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
}
