package dev.faultline.scenario.pb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The view server is a swarm fault target: some pb seeds crash and restart it, so its restart path
 * runs; correct pb stays safe there (the restarted view server halts, a declared progress limit).
 */
class PbViewServerFaultTest {
  private static final NodeId VS = NodeId.of("vs");

  @Test
  void someSeedsRestartTheViewServerAndCorrectPbStaysSafe() {
    FuzzConfig config = new FuzzConfig("pb", null, 3, 3, 30, 10, 0, 0);
    List<Long> seeds =
        LongStream.rangeClosed(1, 200)
            .filter(
                seed ->
                    SwarmPlan.scenario(config, seed).faults().stream()
                        .anyMatch(f -> f.fault() instanceof Fault.Restart r && r.node().equals(VS)))
            .limit(3)
            .boxed()
            .toList();
    assertFalse(seeds.isEmpty(), "no pb seed of 200 restarts the view server");
    FuzzCampaign campaign = new FuzzCampaign(config, RunOptions.DEFAULT, false);
    for (long seed : seeds) {
      SeedOutcome o = campaign.runSeed(seed);
      assertFalse(o.failed(), "seed " + seed + ": " + o.property() + " " + o.message());
      assertTrue(
          o.property() == null || o.livenessLimit().contains("restarted without its view"),
          "seed " + seed + ": " + o.livenessLimit());
    }
  }
}
