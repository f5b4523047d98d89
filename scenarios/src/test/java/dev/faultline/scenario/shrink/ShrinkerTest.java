package dev.faultline.scenario.shrink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.testkit.ToyKv;
import dev.faultline.scenario.testkit.ToyScenarios;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkerTest {
  private static final RunOptions OPTIONS = RunOptions.DEFAULT.withRegistry(ToyScenarios.REGISTRY);

  @Test
  void ddminFindsTheMinimalFailingSubset() {
    List<Integer> input = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      input.add(i);
    }
    List<Integer> out = DeltaDebug.minimize(input, l -> l.contains(17) && l.contains(63));
    assertEquals(List.of(17, 63), out);
    assertEquals(List.of(), DeltaDebug.minimize(input, l -> true));
  }

  @Test
  void shrunkScenariosStillFailTheSameWayAndAreAQuarterTheSize() {
    for (String[] v :
        new String[][] {
          {"BOOM", "ToySafety"}, {"STALE", "Linearizability"}, {"MUTE2", "Liveness"}
        }) {
      FuzzConfig c = FuzzConfig.of(ToyKv.NAME, v[0]).withOps(120);
      Scenario failing = SwarmPlan.scenario(c, 3);
      ShrinkResult r = new Shrinker(OPTIONS, Shrinker.Budget.DEFAULT).shrink(failing);
      assertNotNull(r, v[0]);
      assertEquals(v[1], r.property());
      assertNull(r.stoppedBy(), v[0] + ": reached 1-minimal");
      assertTrue(r.sizeAfter() * 4 <= r.sizeBefore(), v[0] + ": " + r.summary());
      // The shrunk FILE replays to the same violation.
      Scenario back =
          new ScenarioReader(ToyScenarios.REGISTRY)
              .parse(ScenarioWriter.toJson(r.shrunk()), "shrunk.json");
      ScenarioResult again = ScenarioRunner.run(back, OPTIONS);
      assertEquals(v[1], again.property(), v[0]);
      System.out.println(v[0] + ": " + r.summary());
    }
  }

  @Test
  void passingScenarioHasNothingToShrink() {
    assertNull(
        new Shrinker(OPTIONS, Shrinker.Budget.DEFAULT).shrink(ToyScenarios.scenario(null, "pass")));
  }
}
