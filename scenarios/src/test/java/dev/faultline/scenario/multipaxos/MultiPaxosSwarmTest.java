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

  /** Variant, property the fuzzer flags first, seed budget from seed 1. */
  private record Hunt(String variant, List<String> properties, int budget) {}

  private static final List<Hunt> HUNTS =
      List.of(
          new Hunt("P1", List.of("Agreement", "DecidedByMajority"), 20),
          new Hunt("P2", List.of("A3", "Agreement", "A4"), 60),
          new Hunt("P3", List.of("A1"), 10),
          new Hunt("P4", List.of("DecidedByMajority", "Agreement"), 10),
          new Hunt("P5", List.of("DecidedByMajority", "Agreement"), 20),
          new Hunt("P6", List.of("ExecutedPrefix"), 10),
          new Hunt("P7", List.of("Linearizability"), 40),
          new Hunt("P8", List.of("A4", "Agreement"), 60),
          new Hunt("P9", List.of("DecidedByMajority", "Agreement"), 10),
          new Hunt("P13", List.of("A3"), 10));

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
                      for (long seed = 1; seed <= h.budget() && found == null; seed++) {
                        SeedOutcome o = c.runSeed(seed);
                        if (o.failed()) {
                          found = o.property();
                        }
                      }
                      assertTrue(
                          found != null && h.properties().contains(found),
                          h.variant()
                              + " not found in "
                              + h.budget()
                              + " seeds (got "
                              + found
                              + ")");
                    }))
        .toList();
  }

  @Test
  void budgetsAreSmall() {
    assertEquals(10, HUNTS.size());
    assertTrue(HUNTS.stream().mapToInt(Hunt::budget).sum() <= 300);
  }
}
