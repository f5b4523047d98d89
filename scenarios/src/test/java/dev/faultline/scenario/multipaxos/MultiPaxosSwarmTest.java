package dev.faultline.scenario.multipaxos;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.run.RunOptions;
import org.junit.jupiter.api.Test;

/**
 * Correct Multi-Paxos under the swarm fuzzer (the seeds of {@code faultline fuzz --protocol
 * multipaxos}): 200 seeds by default, each run twice to compare trace hashes ({@code
 * -Dfl.multipaxos.seeds=N} for a longer campaign). The contract suite runs only a few correct seeds
 * and hunts every variant within its declared budget ({@code MultiPaxosBug}'s fuzz budgets).
 */
class MultiPaxosSwarmTest {
  private static final int OPS = 60;

  @Test
  void correctMultiPaxosPassesSwarmSeedsDeterministically() {
    int seeds = Integer.getInteger("fl.multipaxos.seeds", 200);
    FuzzCampaign campaign =
        new FuzzCampaign(FuzzConfig.of("multipaxos", null).withOps(OPS), RunOptions.DEFAULT, true);
    for (long seed = 1; seed <= seeds; seed++) {
      SeedOutcome o = campaign.runSeed(seed);
      if (o.failed() || o.inconclusive()) {
        fail(
            "seed "
                + seed
                + ": "
                + o.property()
                + " "
                + o.message()
                + " (replay: ./faultline fuzz --protocol multipaxos --ops "
                + OPS
                + " --first-seed "
                + seed
                + " --seeds 1)");
      }
      assertTrue(o.deterministic(), "seed " + seed + " gave two different traces");
    }
  }
}
