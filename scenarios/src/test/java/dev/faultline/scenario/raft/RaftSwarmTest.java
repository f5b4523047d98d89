package dev.faultline.scenario.raft;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.run.RunOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Raft under the scenarios engineer's swarm fuzzer (the same seeds as {@code faultline fuzz
 * --protocol raft}). Default: a modest number of seeds of correct Raft, each run twice to compare
 * trace hashes. Opt-in ({@code -Draft.swarm.hunt=true}): seeds and seconds to the first failure of
 * each bug variant; {@code -Draft.swarm.seeds=N} for a longer correct-Raft campaign.
 */
class RaftSwarmTest {

  @Test
  void correctRaftPassesSwarmSeedsDeterministically() {
    int seeds = Integer.getInteger("raft.swarm.seeds", 60);
    FuzzCampaign campaign =
        new FuzzCampaign(FuzzConfig.of("raft", null).withOps(60), RunOptions.DEFAULT, true);
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
                + " (replay: ./faultline fuzz --protocol raft --first-seed "
                + seed
                + " --seeds 1)");
      }
      assertTrue(o.deterministic(), "seed " + seed + " gave two different traces");
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "raft.swarm.hunt", matches = "true")
  @SuppressWarnings("forbiddenapis")
  void huntEachVariant() {
    int trials = Integer.getInteger("raft.swarm.trials", 5);
    int maxSeeds = Integer.getInteger("raft.swarm.maxSeeds", 500);
    String which = System.getProperty("raft.swarm.variants", "R1,R2,R3,R4,R5,R6,R7,R8");
    StringBuilder table =
        new StringBuilder(
            "variant | found | median seeds | median s | min-max seeds | properties\n");
    for (String v : which.split(",")) {
      FuzzCampaign campaign =
          new FuzzCampaign(FuzzConfig.of("raft", v).withOps(60), RunOptions.DEFAULT, false);
      List<Long> seeds = new ArrayList<>();
      List<Double> secs = new ArrayList<>();
      List<String> props = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        long first = 1_000_000L * (t + 1);
        long start = System.nanoTime();
        for (long seed = first; seed < first + maxSeeds; seed++) {
          SeedOutcome o = campaign.runSeed(seed);
          if (o.failed()) {
            seeds.add(seed - first + 1);
            secs.add((System.nanoTime() - start) / 1e9);
            if (!props.contains(o.property())) {
              props.add(o.property());
            }
            break;
          }
        }
      }
      Collections.sort(seeds);
      Collections.sort(secs);
      table
          .append(v)
          .append(" | ")
          .append(seeds.size())
          .append('/')
          .append(trials)
          .append(" | ")
          .append(seeds.isEmpty() ? "-" : seeds.get(seeds.size() / 2))
          .append(" | ")
          .append(
              secs.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", secs.get(secs.size() / 2)))
          .append(" | ")
          .append(seeds.isEmpty() ? "-" : seeds.get(0) + "-" + seeds.get(seeds.size() - 1))
          .append(" | ")
          .append(props)
          .append('\n');
      System.out.println("HUNT " + table);
    }
    System.out.println("HUNT FINAL\n" + table);
    assertFalse(table.isEmpty());
  }
}
