package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.run.RunOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A census, not a check (opt-in: {@code -Dfl.limits.seeds=500}): how many of the first N correct pb
 * swarm seeds end in a declared progress limit, by reason. None may fail.
 */
class PbLimitCensusTest {
  @Test
  @EnabledIfSystemProperty(named = "fl.limits.seeds", matches = "\\d+")
  void census() {
    long seeds = Long.getLong("fl.limits.seeds");
    FuzzCampaign campaign =
        new FuzzCampaign(
            new FuzzConfig("pb", null, 3, 3, 100, 10, 0, 0), RunOptions.DEFAULT, false);
    FuzzCampaign.Summary s = campaign.run(new FuzzCampaign.Bounds(1, seeds, 0, 1, 1), 2, null);
    Map<String, Integer> reasons = new TreeMap<>();
    for (SeedOutcome o : s.livenessLimits()) {
      String why = o.livenessLimit().replaceAll("s\\d|\\(\\d+,[^)]*\\)|\\d+", "#");
      reasons.merge(why, 1, Integer::sum);
    }
    System.out.println(
        "pb limit census: "
            + s.livenessLimits().size()
            + " of "
            + s.outcomes().size()
            + " seeds ended in a progress limit; "
            + reasons);
    List<SeedOutcome> failures = s.failures();
    assertTrue(
        failures.isEmpty(),
        failures.stream()
            .limit(5)
            .map(f -> f.seed() + ":" + f.property() + " " + f.message())
            .toList()
            .toString());
  }
}
