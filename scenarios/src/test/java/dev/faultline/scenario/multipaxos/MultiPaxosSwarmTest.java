package dev.faultline.scenario.multipaxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.run.RunOptions;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Multi-Paxos under the swarm fuzzer (the seeds of {@code faultline fuzz --protocol multipaxos}).
 * Default: 200 seeds of the correct protocol, each run twice to compare trace hashes ({@code
 * -Dfl.multipaxos.seeds=N} for a longer campaign); and every variant found within a small budget
 * from a fixed first seed (the budgets are a few times the measured seeds to failure).
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

  /**
   * Variant, the property the fuzzer flags first, first seed and seed budget. Measured first
   * failures at 60 ops from seeds 1, 1000001 and 2000001 (2026-12-06, loaded machine): P1 3/8/2, P2
   * 7/10/1, P3 1/3/1, P4 1/1/1, P5 1/7/1, P6 1/1/1, P7 1/1/1, P8 14/5/9, P9 1/1/1, P11 2/12/1, P12
   * &gt;400/62/288, P13 1/1/1, P14 1/1/1.
   */
  private record Hunt(String variant, String property, long first, int budget) {}

  private static final List<Hunt> HUNTS =
      List.of(
          new Hunt("P1", "Agreement", 1, 20),
          new Hunt("P2", "A3", 1, 30),
          new Hunt("P3", "A1", 1, 10),
          new Hunt("P4", "DecidedByMajority", 1, 5),
          new Hunt("P5", "DecidedByMajority", 1, 10),
          new Hunt("P6", "ExecutedPrefix", 1, 5),
          new Hunt("P7", "Linearizability", 1, 5),
          new Hunt("P8", "A4", 1, 40),
          new Hunt("P9", "DecidedByMajority", 1, 5),
          new Hunt("P11", "Liveness", 1, 10),
          new Hunt("P12", "HolesFilled", 1_000_001, 150),
          new Hunt("P13", "A3", 1, 5),
          new Hunt("P14", "RequestsKept", 1, 5));

  @TestFactory
  List<DynamicTest> swarmFindsEachVariant() {
    return HUNTS.stream()
        .map(
            h ->
                DynamicTest.dynamicTest(
                    h.variant(),
                    () -> {
                      FuzzCampaign c =
                          new FuzzCampaign(
                              FuzzConfig.of("multipaxos", h.variant()).withOps(OPS),
                              RunOptions.DEFAULT,
                              false);
                      String found = null;
                      long end = h.first() + h.budget();
                      for (long seed = h.first(); seed < end && found == null; seed++) {
                        SeedOutcome o = c.runSeed(seed);
                        if (o.failed()) {
                          found = o.property();
                        }
                      }
                      assertEquals(
                          h.property(),
                          found,
                          h.variant() + ": first failure in " + h.budget() + " seeds");
                    }))
        .toList();
  }

  @Test
  void everyVariantIsHuntedWithASmallBudget() {
    assertEquals(
        new dev.faultline.protocols.multipaxos.MultiPaxosSpec()
            .variants().stream().map(v -> v.id()).toList(),
        HUNTS.stream().map(Hunt::variant).toList());
    assertTrue(HUNTS.stream().mapToInt(Hunt::budget).sum() <= 300);
  }
}
