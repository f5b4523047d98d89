package dev.faultline.scenario.explore;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.scenario.testkit.Cli.Run;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline explore} with no flag but protocol and variant hunts: BFS stages cheapest first,
 * each printed and saved. R3 is cheap enough for every build (its stage comes first: about 60k
 * states); the others run with {@code -Dfl.explore.hunt=all} (each a minute or more on a loaded
 * 2-core machine; B3 needs more than the default two minutes there, so it has no test here).
 */
class ExploreHuntTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void r3IsFoundWithNoFlagsAndTheCounterexampleReplaysAsFailing() throws Exception {
    huntFindsAndReplays("raft", "R3", "ElectionSafety");
  }

  @Test
  void r1IsFoundWithNoFlags() throws Exception {
    costly();
    huntFindsAndReplays("raft", "R1", "LeaderCompleteness");
  }

  @Test
  void r5IsFoundWithNoFlags() throws Exception {
    costly();
    huntFindsAndReplays("raft", "R5", "LeaderCompleteness");
  }

  @Test
  void b1IsFoundWithNoFlags() throws Exception {
    costly();
    huntFindsAndReplays("pb", "B1", "BackupHasAckedWrites");
  }

  @Test
  void b2IsFoundWithNoFlags() throws Exception {
    costly();
    huntFindsAndReplays("pb", "B2", "Linearizability");
  }

  private static void costly() {
    Assumptions.assumeTrue(
        "all".equals(System.getProperty("fl.explore.hunt")),
        "costly: run with -Dfl.explore.hunt=all");
  }

  private void huntFindsAndReplays(String protocol, String variant, String property)
      throws Exception {
    Run r = cli("explore", "--protocol", protocol, "--variant", variant, "--out", dir.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("(hunt: "), r.out());
    assertTrue(r.out().contains("VIOLATION " + property), r.out());
    Path cx = dir.resolve("explore-" + protocol + "-" + variant + ".json");
    JsonNode file = JSON.readTree(Files.readString(cx));
    // The counterexample says what the hunt tried: every stage up to the one that found it.
    JsonNode stages = file.at("/hunt/stages");
    assertTrue(stages.size() >= 1, file.toString());
    assertEquals("VIOLATION", stages.get(stages.size() - 1).get("end").asText());
    assertEquals(
        file.get("steps").size(), stages.get(stages.size() - 1).get("counterexampleSteps").asInt());
    assertTrue(Files.exists(dir.resolve("explore-" + protocol + "-" + variant + "-hunt.json")));
    Run replay = cli("run", cx.toString(), "--out", dir.resolve("replay").toString());
    assertEquals(1, replay.code(), replay.out() + replay.err());
    assertTrue(replay.out().contains(property), replay.out());
  }

  /**
   * A Linearizability counterexample replays as one: {@code faultline run} checks linearizability
   * along the path too, not only the protocol's invariants (which never see a stale read).
   */
  @Test
  void aStaleReadCounterexampleFromTheHuntReplaysAsLinearizability() throws Exception {
    Path cx = dir.resolve("explore-pb-B2.json");
    try (InputStream in = getClass().getResourceAsStream("/explore/pb-B2-hunt.json")) {
      Files.write(cx, in.readAllBytes());
    }
    Run replay = cli("run", cx.toString(), "--out", dir.resolve("replay").toString());
    assertEquals(1, replay.code(), replay.out() + replay.err());
    assertTrue(
        replay.out().contains("reproduces: VIOLATED Linearizability after step 31"), replay.out());
  }

  @Test
  void aHuntCutShortByTimeSaysSoAndExits3() throws Exception {
    Run r = cli("explore", "--protocol", "raft", "--time", "1s", "--out", dir.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("no violation, inconclusive: the time budget (1 s)"), r.out());
    JsonNode summary = JSON.readTree(Files.readString(dir.resolve("explore-raft-hunt.json")));
    assertEquals("TIME_OUT", summary.get("end").asText());
    assertTrue(summary.get("stagesPlanned").asInt() > summary.get("stages").size());
  }

  @Test
  void aSmallMemoryBudgetEndsEachStageWithOneClearLineNeverOutOfMemory() throws Exception {
    Run r =
        cli(
            "explore",
            "--protocol",
            "pb",
            "--variant",
            "B2",
            "--max-memory",
            "1m",
            "--out",
            dir.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("memory budget reached: the stage stopped at 873"), r.out());
    assertTrue(r.out().contains("stages used up their state budget"), r.out());
    assertFalse(r.err().contains("OutOfMemoryError"), r.err());
    JsonNode summary = JSON.readTree(Files.readString(dir.resolve("explore-pb-B2-hunt.json")));
    assertEquals("BUDGET_EXHAUSTED", summary.get("end").asText());
    assertTrue(summary.at("/stages/0/memoryCapped").asBoolean(), summary.toString());
  }

  @Test
  void aMemoryBudgetAlsoCapsASingleSearch() {
    Run r =
        cli(
            "explore",
            "--protocol",
            "raft",
            "--clients",
            "0",
            "--max-memory",
            "1m",
            "--out",
            dir.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("memory budget reached: 1 MB allows 873 distinct states"), r.out());
  }

  @Test
  void aMemoryBudgetAboveTheHeapIsOneLineExit2() {
    Run r = cli("explore", "--protocol", "raft", "--max-memory", "100000g");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--max-memory: "), r.err());
    Run bad = cli("explore", "--protocol", "raft", "--max-memory", "lots");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("'lots' is not a size"), bad.err());
  }

  @Test
  void clockChoicesNeedClockUncertainty() {
    Run r = cli("explore", "--protocol", "raft", "--clients", "0", "--max-clock-choices", "1");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(
        r.err().contains("--max-clock-choices: needs --clock-uncertainty-ticks > 0"), r.err());
  }
}
