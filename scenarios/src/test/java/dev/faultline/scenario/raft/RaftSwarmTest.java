package dev.faultline.scenario.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.fault.Fault;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

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

  // ------------------------------------------------------------------ R8 (r8)

  /** R8 needs an even cluster: 4 voters and a spare, so these run with 5 servers. */
  private static final int R8_NODES = 5;

  /** Found by the opt-in hunt below (range 1,000,001..): the first R8 failure of that range. */
  private static final long R8_SEED = 1_000_091;

  private static FuzzCampaign campaign(String variant, boolean checkDeterminism) {
    return new FuzzCampaign(
        FuzzConfig.of("raft", variant).withNodes(R8_NODES), RunOptions.DEFAULT, checkDeterminism);
  }

  @Test
  void swarmFindsR8SafetyViolationAtPinnedSeedAndCorrectRaftPassesIt(@TempDir Path dir)
      throws Exception {
    Scenario drawn = SwarmPlan.scenario(FuzzConfig.of("raft", "R8").withNodes(R8_NODES), R8_SEED);
    assertTrue(
        drawn.options().containsKey("adminRetryTicks")
            && drawn.faults().stream()
                .anyMatch(f -> f.fault() instanceof Fault.IsolateAfterAnnotation),
        "the seed drew a racing membership plan with the aimed faults: " + drawn.options());
    SeedOutcome bug = campaign("R8", true).runSeed(R8_SEED);
    assertEquals("LeaderCompleteness", bug.property(), bug.message());
    assertTrue(bug.deterministic(), "same seed, same trace");
    SeedOutcome correct = campaign(null, true).runSeed(R8_SEED);
    assertFalse(correct.failed() || correct.inconclusive(), correct.message());
    assertTrue(correct.deterministic());
    // The failing scenario survives a write and read (isolate-after and the give-up syntax
    // included) and replays to the same violation and the same trace.
    Path file = dir.resolve("r8.json");
    ScenarioWriter.write(drawn, file);
    Scenario read = ScenarioReader.read(file);
    assertEquals(drawn.faults(), read.faults());
    ScenarioResult first = ScenarioRunner.run(drawn, RunOptions.DEFAULT);
    ScenarioResult replay = ScenarioRunner.run(read, RunOptions.DEFAULT);
    assertEquals("LeaderCompleteness", replay.property());
    assertEquals(first.traceSha256(), replay.traceSha256());
  }

  @Test
  void correctRaftPassesRacingMembershipPlansWithAimedFaults() {
    int wanted = Integer.getInteger("raft.swarm.racingSeeds", 12);
    FuzzConfig config = FuzzConfig.of("raft", null).withNodes(R8_NODES);
    FuzzCampaign campaign = campaign(null, true);
    int ran = 0;
    for (long seed = 1; ran < wanted; seed++) {
      Scenario s = SwarmPlan.scenario(config, seed);
      if (s.faults().stream().noneMatch(f -> f.fault() instanceof Fault.IsolateAfterAnnotation)) {
        continue;
      }
      ran++;
      SeedOutcome o = campaign.runSeed(seed);
      assertFalse(
          o.failed() || o.inconclusive(), "seed " + seed + ": " + o.property() + " " + o.message());
      assertTrue(o.deterministic(), "seed " + seed + " gave two different traces");
    }
  }

  /**
   * Opt-in ({@code -Draft.swarm.r8hunt=true}): seeds and seconds to R8's first safety violation in
   * 5 disjoint ranges ({@code -Draft.swarm.r8nodes}, default 5; {@code -Draft.swarm.r8maxSeeds},
   * default 2,000 per range). Every range must find it.
   */
  @Test
  @EnabledIfSystemProperty(named = "raft.swarm.r8hunt", matches = "true")
  @SuppressWarnings("forbiddenapis")
  void huntR8InFiveRanges() {
    int nodes = Integer.getInteger("raft.swarm.r8nodes", R8_NODES);
    int maxSeeds = Integer.getInteger("raft.swarm.r8maxSeeds", 2_000);
    FuzzCampaign c =
        new FuzzCampaign(FuzzConfig.of("raft", "R8").withNodes(nodes), RunOptions.DEFAULT, false);
    List<String> safety =
        List.of("ElectionSafety", "LeaderCompleteness", "StateMachineSafety", "Linearizability");
    StringBuilder table = new StringBuilder("range | seeds to first | seconds | property\n");
    int found = 0;
    for (int t = 0; t < 5; t++) {
      long first = 1_000_000L * t + 1;
      long start = System.nanoTime();
      String row = first + " | none in " + maxSeeds + " | - | -";
      for (long seed = first; seed < first + maxSeeds; seed++) {
        SeedOutcome o = c.runSeed(seed);
        if (o.failed() && safety.contains(o.property())) {
          found++;
          row =
              String.format(
                  Locale.ROOT,
                  "%d | %d | %.1f | %s",
                  first,
                  seed - first + 1,
                  (System.nanoTime() - start) / 1e9,
                  o.property());
          break;
        }
      }
      table.append(row).append('\n');
    }
    System.out.println("R8 HUNT (" + nodes + " nodes)\n" + table);
    assertEquals(5, found, table.toString());
  }
}
