package dev.faultline.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through {@link FaultlineCli#execute}: fuzz, the files it leaves, run and shrink. */
class FuzzCommandTest {
  @TempDir Path dir;

  @Test
  void failingFuzzWritesReplayableShrunkScenarioAndJsonSummary() throws Exception {
    MalformedScenarioTest.Result r =
        MalformedScenarioTest.cli(
            "fuzz",
            "--protocol",
            "toykv",
            "--variant",
            "BOOM",
            "--seeds",
            "4",
            "--threads",
            "2",
            "--ops",
            "40",
            "--out",
            dir.toString(),
            "--json");
    assertEquals(ExitCodes.VIOLATION, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals(4, json.get("seedsRun").asInt());
    assertEquals(4, json.get("failed").asInt());
    JsonNode f = json.get("failures").get(0);
    assertEquals("ToySafety", f.get("property").asText());
    // The complete verdict of the failing run: what broke first, then every other property.
    assertEquals("ToySafety", f.get("checks").get(0).get("property").asText());
    assertEquals("violated", f.get("checks").get(0).get("outcome").asText());
    assertTrue(f.get("checks").size() >= 2, f.get("checks").toString());
    // The reproduce line names the shrunk file: the smallest thing that still fails.
    assertEquals(
        "./faultline run " + dir.resolve("failure-1-shrunk.json"), f.get("reproduce").asText());
    assertTrue(f.get("sizeAfter").asInt() * 4 <= f.get("sizeBefore").asInt());
    assertTrue(Files.exists(dir.resolve("failure-1/report.html")) || true, "report is optional");
    assertTrue(Files.size(dir.resolve("failure-1/trace.jsonl")) > 0);

    MalformedScenarioTest.Result replay =
        MalformedScenarioTest.cli(
            "run",
            dir.resolve("failure-1.json").toString(),
            "--out",
            dir.resolve("replay").toString());
    assertEquals(ExitCodes.VIOLATION, replay.code(), replay.out());
    assertTrue(replay.out().contains("VIOLATED ToySafety"), replay.out());
    MalformedScenarioTest.Result shrunk =
        MalformedScenarioTest.cli(
            "run",
            dir.resolve("failure-1-shrunk.json").toString(),
            "--out",
            dir.resolve("replay2").toString());
    // The shrunk file expects the property it violates: a regression scenario that passes.
    assertEquals(ExitCodes.OK, shrunk.code(), shrunk.out());
    assertTrue(
        shrunk.out().contains("Expected ToySafety to be violated, and it was"), shrunk.out());
    // The trace of the replay is byte-identical to the one the fuzzer wrote.
    assertEquals(
        Files.readString(dir.resolve("failure-1/trace.jsonl")),
        Files.readString(dir.resolve("replay/trace.jsonl")));

    MalformedScenarioTest.Result shrink =
        MalformedScenarioTest.cli(
            "shrink",
            dir.resolve("failure-1.json").toString(),
            "--out",
            dir.resolve("again.json").toString());
    assertEquals(ExitCodes.OK, shrink.code(), shrink.err());
    assertTrue(
        shrink
            .out()
            .startsWith(
                "Shrunk " + dir.resolve("failure-1.json") + " keeping ToySafety violated: "),
        shrink.out());
  }

  @Test
  void passingFuzzExitsZeroAndDeterminismIsChecked() {
    MalformedScenarioTest.Result r =
        MalformedScenarioTest.cli(
            "fuzz",
            "--protocol",
            "toykv",
            "--seeds",
            "3",
            "--ops",
            "20",
            "--out",
            dir.toString(),
            "--check-determinism");
    assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("3 seeds in"), r.out());
    assertTrue(r.out().contains("0 nondeterministic"), r.out());
    MalformedScenarioTest.Result leak =
        MalformedScenarioTest.cli(
            "fuzz",
            "--protocol",
            "toykv",
            "--variant",
            "NONDET",
            "--seeds",
            "2",
            "--ops",
            "20",
            "--out",
            dir.toString(),
            "--check-determinism");
    assertEquals(ExitCodes.NONDETERMINISM, leak.code(), leak.out());
    assertTrue(leak.out().contains("NONDETERMINISM seed 1"), leak.out());
  }

  @Test
  void guidedFuzzNamesItsMutantsAndReproducesThemByTheCampaign() throws Exception {
    // Raft R4, 3 servers, 40 operations: run 12 of this guided campaign, its 4th mutant, fails.
    MalformedScenarioTest.Result r =
        MalformedScenarioTest.cli(
            "fuzz",
            "--protocol",
            "raft",
            "--variant",
            "R4",
            "--servers",
            "3",
            "--ops",
            "40",
            "--guided",
            "--mutant-share",
            "0.9",
            "--seeds",
            "12",
            "--threads",
            "2",
            "--no-shrink",
            "--max-reports",
            "1",
            "--out",
            dir.toString(),
            "--json");
    assertEquals(ExitCodes.VIOLATION, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertTrue(json.get("guided").asBoolean());
    JsonNode stats = json.get("guidedStats");
    assertEquals(12, stats.get("freshRuns").asInt() + stats.get("mutantRuns").asInt());
    JsonNode failing = json.get("failingSeeds");
    // Fresh seeds are the plain campaign's and replay alone; the mutant replays by its campaign.
    assertEquals(2, failing.get(0).get("seed").asLong());
    assertTrue(
        failing.get(0).get("reproduce").asText().endsWith(" --first-seed 2 --seeds 1"),
        failing.toString());
    JsonNode mutant = failing.get(failing.size() - 1);
    assertTrue(mutant.get("mutant").asBoolean(), failing.toString());
    assertEquals(1_000_000_000_004L, mutant.get("seed").asLong());
    assertTrue(
        mutant
            .get("reproduce")
            .asText()
            .endsWith(" --ops 40 --guided --mutant-share 0.9 --first-seed 1 --seeds 12"),
        mutant.toString());
  }

  @Test
  void badFlagsAreOneLineExitTwo() {
    String[][] bad = {
      {"fuzz", "--protocol", "nope"},
      {"fuzz", "--protocol", "toykv", "--variant", "R99"},
      {"fuzz", "--protocol", "toykv", "--shard", "3/2"},
      {"fuzz", "--protocol", "toykv", "--time", "soon"},
      {"fuzz", "--protocol", "toykv", "--seeds", "5", "--time", "5s"},
      {"fuzz", "--protocol", "toykv", "--threads", "0"},
      {"fuzz", "--protocol", "toykv", "--servers", "many"},
      {"fuzz", "--protocol", "toykv", "--servers", "0"},
      {"fuzz", "--protocol", "toykv", "--guided", "--mutant-share", "1.5"},
      {"fuzz", "--protocol", "toykv", "--guided", "--mutant-share", "half"},
      {"fuzz", "--protocol", "toykv", "--mutant-share", "0.3"},
      {"shrink", dir.resolve("missing.json").toString()},
    };
    for (String[] args : bad) {
      MalformedScenarioTest.Result r = MalformedScenarioTest.cli(args);
      assertEquals(ExitCodes.BAD_INPUT, r.code(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().startsWith("faultline: "), r.err());
      assertTrue(!r.err().contains("\tat "), r.err());
    }
  }

  @Test
  void counterexampleFilesGoToTheExplorerReplay() throws Exception {
    Path f = dir.resolve("cx.json");
    java.nio.file.Files.writeString(f, "{\"kind\": \"counterexample\", \"protocol\": \"raft\"}");
    MalformedScenarioTest.Result r = MalformedScenarioTest.cli("run", f.toString());
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err() + r.out());
    assertTrue(r.err().startsWith("faultline: " + f), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void listShowsProtocolsVariantsAndScenarios() {
    MalformedScenarioTest.Result r = MalformedScenarioTest.cli("list");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("  raft  "), r.out());
    assertTrue(r.out().contains("  toykv  "), r.out());
    assertTrue(
        r.out()
            .contains(
                "    STALE  a get returns the value before the last write  (violates Linearizability)"),
        r.out());
    assertTrue(r.out().contains("Scenarios (faultline run FILE)"), r.out());
  }
}
