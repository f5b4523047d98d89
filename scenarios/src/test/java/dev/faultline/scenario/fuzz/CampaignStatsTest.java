package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.scenario.testkit.Cli;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CampaignStatsTest {
  private static SeedOutcome seed(
      long seed,
      String property,
      boolean inconclusive,
      long events,
      String limit,
      String... kinds) {
    return new SeedOutcome(
        seed,
        property,
        property == null ? null : "broke",
        inconclusive,
        true,
        events,
        2,
        10,
        limit,
        List.of(kinds),
        new TreeMap<>(Map.of("crash", 1, "restart", 1)));
  }

  /** Five seeds with known outcomes: every count below is worked out by hand. */
  private static final List<SeedOutcome> FIVE =
      List.of(
          seed(1, null, false, 100, null, "crash"),
          seed(2, "Linearizability", false, 1_000, null, "crash", "partition"),
          seed(3, null, true, 1_023, null),
          seed(4, "Liveness", false, 1_024, "vs: primary s1 of view 5 failed", "partition"),
          seed(5, "Liveness", false, 3_000, "vs: primary s3 of view 12 failed", "crash"));

  @Test
  void countsOutcomesLimitsKindsAndEventsOfKnownSeeds() {
    CampaignStats s = CampaignStats.of(FIVE);
    assertEquals(5, s.seeds());
    assertEquals(
        Map.of("pass", 1L, "Linearizability", 1L, "inconclusive", 1L, "LIVENESS_LIMIT", 2L),
        s.outcomes());
    assertEquals(
        Map.of("primary s# of view # failed", 2L), s.progressLimits(), "one reason, any instance");
    assertEquals(Map.of("crash", 3L, "partition", 2L), s.faultKinds());
    assertEquals(Map.of("crash", 5L, "restart", 5L), s.faultTypes());
    assertEquals(100, s.eventsMin());
    assertEquals(3_000, s.eventsMax());
    assertEquals(6_147, s.eventsTotal());
    // [64,128): 100; [512,1024): 1000, 1023; [1024,2048): 1024; [2048,4096): 3000.
    assertEquals(Map.of(64L, 1L, 512L, 2L, 1024L, 1L, 2048L, 1L), s.eventsHistogram());
    assertTrue(s.lines().get(0).startsWith("Outcomes: LIVENESS_LIMIT 2, "), s.lines().get(0));
  }

  @Test
  void shardsAddUpToTheWholeAndSurviveJson() {
    CampaignStats whole = CampaignStats.of(FIVE);
    CampaignStats a = CampaignStats.of(FIVE.subList(0, 2));
    CampaignStats b = CampaignStats.of(FIVE.subList(2, 5));
    assertEquals(whole, a.plus(b));
    assertEquals(whole, b.plus(a));
    assertEquals(whole, CampaignStats.of(List.of()).plus(whole), "an empty shard adds nothing");
    assertEquals(whole, CampaignStats.fromNode(whole.toNode()));
  }

  @Test
  void fromNodeNamesTheBadField() {
    JsonNode n = CampaignStats.of(FIVE).toNode();
    ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("seeds", "five");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CampaignStats.fromNode(n));
    assertTrue(e.getMessage().contains("stats.seeds"), e.getMessage());
  }

  @Test
  void fuzzJsonStatsAgreeWithItsCounts() throws Exception {
    Cli.Run r =
        Cli.cli(
            "fuzz",
            "--protocol",
            "pb",
            "--seeds",
            "6",
            "--ops",
            "20",
            "--no-shrink",
            "--json",
            "--out",
            System.getProperty("java.io.tmpdir") + "/fl-campaign-stats-test");
    JsonNode o = new ObjectMapper().readTree(r.out());
    JsonNode stats = o.get("stats");
    assertEquals(6, stats.get("seeds").asLong());
    long byOutcome = 0;
    for (JsonNode n : stats.get("outcomes")) {
      byOutcome += n.asLong();
    }
    assertEquals(6, byOutcome);
    assertEquals(o.get("livenessLimits").asLong(), stats.at("/outcomes/LIVENESS_LIMIT").asLong());
    assertEquals(o.get("eventsPerSeedMax").asLong(), stats.at("/eventsPerSeed/max").asLong());
    long histogram = 0;
    for (JsonNode n : stats.at("/eventsPerSeed/histogram")) {
      histogram += n.asLong();
    }
    assertEquals(6, histogram);
    assertTrue(stats.get("faultKinds").size() > 0, stats.toString());
    assertTrue(r.err().contains("Fault kinds on (seeds of 6): "), r.err());
  }
}
