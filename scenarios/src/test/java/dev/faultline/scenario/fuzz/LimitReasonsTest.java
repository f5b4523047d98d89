package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitReasonsTest {
  static SeedOutcome limited(long seed, String limit) {
    return new SeedOutcome(seed, "Liveness", "stalled", false, true, 10, 1, 1, limit);
  }

  @Test
  void particularsAreReplacedSoOneReasonCountsOnce() {
    assertEquals(
        "vs: primary N of view V failed before acknowledging it",
        LimitReasons.reason("vs: primary s2 of view 7(s2,s3) failed before acknowledging it"));
    List<SeedOutcome> seeds =
        List.of(
            limited(1, "vs: primary s2 of view 7(s2,s3) failed before acknowledging it"),
            limited(2, "vs: the view server restarted without its view"),
            limited(3, "vs: primary s1 of view 12(s1,-) failed before acknowledging it"));
    assertEquals(
        List.of(
            Map.entry("vs: primary N of view V failed before acknowledging it", 2),
            Map.entry("vs: the view server restarted without its view", 1)),
        LimitReasons.count(seeds));
    assertEquals(
        "LIVENESS_LIMIT reasons: 2 x vs: primary N of view V failed before acknowledging it; 1 x"
            + " vs: the view server restarted without its view",
        LimitReasons.line(seeds));
  }
}
