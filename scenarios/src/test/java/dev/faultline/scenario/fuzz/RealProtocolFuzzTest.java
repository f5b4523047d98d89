package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.shrink.ShrinkResult;
import dev.faultline.scenario.shrink.Shrinker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Swarm fuzzing and shrinking against the real protocols, kept small for the suite (the full
 * per-variant figures come from {@code benchmarks/.../bench/fuzz/ShrinkReport}).
 */
class RealProtocolFuzzTest {
  private static FuzzCampaign.Summary fuzz(FuzzConfig c, long seeds) {
    return new FuzzCampaign(c, RunOptions.DEFAULT, false)
        .run(new FuzzCampaign.Bounds(1, seeds, 0, 1, 1), 2, null);
  }

  @Test
  void correctRaftSurvivesSwarmSeedsIncludingLiveness() {
    assertEquals(List.of(), fuzz(FuzzConfig.of("raft", null).withOps(100), 12).failures());
  }

  @Test
  void correctPrimaryBackupIsSafeUnderSwarmSeeds() {
    // Safety only: the view-server design has known progress limits (see the pb library).
    FuzzConfig c = new FuzzConfig("pb", null, 3, 3, 100, 10, 0, -1);
    assertEquals(List.of(), fuzz(c, 12).failures());
  }

  @Test
  void fuzzerFindsRaftR5AndPbB1AndShrinksThemToAQuarter() {
    for (String[] v :
        new String[][] {
          {"raft", "R5", "LeaderCompleteness"}, {"pb", "B1", "BackupHasAckedWrites"}
        }) {
      FuzzConfig c = FuzzConfig.of(v[0], v[1]).withOps(100);
      List<SeedOutcome> failures = fuzz(c, 10).failures();
      assertFalse(failures.isEmpty(), v[1] + " not found");
      SeedOutcome f =
          failures.stream()
              .filter(o -> o.property().equals(v[2]))
              .findFirst()
              .orElseThrow(() -> new AssertionError(v[1] + ": " + failures));
      ShrinkResult r =
          new Shrinker(RunOptions.DEFAULT, new Shrinker.Budget(1_500, 60_000))
              .shrink(SwarmPlan.scenario(c, f.seed()));
      assertNotNull(r);
      assertEquals(v[2], r.property());
      assertTrue(r.sizeAfter() * 4 <= r.sizeBefore(), v[1] + ": " + r.summary());
      assertEquals(v[2], ScenarioRunner.run(r.shrunk()).property(), v[1] + " shrunk replays");
    }
  }

  @Test
  void shrinkingKeepsOperationTimingSoAFailureThatNeedsItShrinksToAQuarter() throws Exception {
    // pb B7, swarm seed 15 (200 ops) was the case: its stale read only happened if issued late
    // enough, and clients issue each op when the previous completes; without pinning issue ticks,
    // removing any early op moved the read and the failure vanished (ddmin ended 1-minimal at
    // 220 -> 82). Seed 15 no longer fails Linearizability since the view server decides deaths only
    // at its check (2026-12-07), so this now shrinks the B7 fixture of seed 24 (its workload
    // written out as a script); whether its read needs the same late issue was not re-checked.
    Scenario failing;
    try (var in = getClass().getResourceAsStream("/shrink/pb-B7-seed24.json")) {
      failing =
          new dev.faultline.scenario.io.ScenarioReader(
                  dev.faultline.scenario.model.ProtocolRegistry.DEFAULT)
              .parse(
                  new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                  "pb-B7-seed24.json");
    }
    assertEquals("Linearizability", ScenarioRunner.run(failing).property());
    ShrinkResult r =
        new Shrinker(RunOptions.DEFAULT, new Shrinker.Budget(1_500, 60_000)).shrink(failing);
    assertNotNull(r);
    assertEquals("Linearizability", r.property());
    assertTrue(r.sizeAfter() * 4 <= r.sizeBefore(), r.summary());
    assertEquals("Linearizability", ScenarioRunner.run(r.shrunk()).property());
  }
}
