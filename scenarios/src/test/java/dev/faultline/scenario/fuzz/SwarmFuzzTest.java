package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.testkit.ToyKv;
import dev.faultline.scenario.testkit.ToyScenarios;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SwarmFuzzTest {
  private static final RunOptions OPTIONS = RunOptions.DEFAULT.withRegistry(ToyScenarios.REGISTRY);
  private static final FuzzConfig TOY = FuzzConfig.of(ToyKv.NAME, null).withOps(60);

  @Test
  void aSeedAlwaysDrawsTheSameScenarioAndSeedsDrawDifferentMixes() {
    assertEquals(SwarmPlan.scenario(TOY, 5), SwarmPlan.scenario(TOY, 5));
    Set<Set<SwarmPlan.Kind>> mixes = new HashSet<>();
    for (long seed = 1; seed <= 40; seed++) {
      mixes.add(SwarmPlan.draw(TOY, seed).kinds());
    }
    assertTrue(mixes.size() > 20, "swarm: seeds switch different fault kinds on: " + mixes.size());
    assertNotEquals(SwarmPlan.scenario(TOY, 1).faults(), SwarmPlan.scenario(TOY, 2).faults());
  }

  @Test
  void swarmScenariosRoundTripThroughTheFileFormatAndReplayIdentically() {
    ScenarioReader reader = new ScenarioReader(ToyScenarios.REGISTRY);
    for (long seed = 1; seed <= 15; seed++) {
      Scenario s = SwarmPlan.scenario(TOY, seed);
      Scenario back = reader.parse(ScenarioWriter.toJson(s), "seed-" + seed + ".json");
      assertEquals(s, back, "seed " + seed);
      assertEquals(
          ScenarioRunner.run(s, OPTIONS.withHashTrace(true)).traceSha256(),
          ScenarioRunner.run(back, OPTIONS.withHashTrace(true)).traceSha256());
    }
  }

  @Test
  void correctToyPassesEverySeedAndThreadsDoNotChangeOutcomes() {
    FuzzCampaign campaign = new FuzzCampaign(TOY, OPTIONS, false);
    FuzzCampaign.Bounds b = new FuzzCampaign.Bounds(1, 24, 0, 1, 1);
    FuzzCampaign.Summary one = campaign.run(b, 1, null);
    FuzzCampaign.Summary two = campaign.run(b, 2, null);
    assertEquals(24, one.outcomes().size());
    assertEquals(List.of(), one.failures(), "correct toy must not fail");
    assertEquals(one.outcomes(), two.outcomes());
  }

  @Test
  void shardsPartitionTheSeedRange() {
    FuzzCampaign campaign = new FuzzCampaign(TOY.withOps(5), OPTIONS, false);
    Set<Long> all = new TreeSet<>();
    int total = 0;
    for (int i = 1; i <= 3; i++) {
      FuzzCampaign.Summary s = campaign.run(new FuzzCampaign.Bounds(100, 10, 0, i, 3), 1, null);
      total += s.outcomes().size();
      s.outcomes().forEach(o -> all.add(o.seed()));
    }
    assertEquals(10, total);
    assertEquals(
        new TreeSet<>(List.of(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L)), all);
  }

  @Test
  void buggyVariantsAreFoundWithTheirProperty() {
    for (String[] v :
        new String[][] {
          {"BOOM", "ToySafety"}, {"STALE", "Linearizability"}, {"MUTE2", "Liveness"}
        }) {
      FuzzCampaign c = new FuzzCampaign(TOY.withVariant(v[0]), OPTIONS, false);
      FuzzCampaign.Summary s = c.run(new FuzzCampaign.Bounds(1, 6, 0, 1, 1), 2, null);
      assertTrue(s.failures().size() > 0, v[0]);
      assertTrue(
          s.failures().stream().allMatch(f -> f.property().equals(v[1])), v[0] + s.failures());
    }
  }

  @Test
  void determinismCheckCatchesALeakOfGlobalState() {
    FuzzCampaign ok = new FuzzCampaign(TOY, OPTIONS, true);
    assertEquals(
        List.of(), ok.run(new FuzzCampaign.Bounds(1, 3, 0, 1, 1), 1, null).nondeterministic());
    FuzzCampaign leak = new FuzzCampaign(TOY.withVariant("NONDET"), OPTIONS, true);
    assertEquals(
        3, leak.run(new FuzzCampaign.Bounds(1, 3, 0, 1, 1), 1, null).nondeterministic().size());
  }
}
