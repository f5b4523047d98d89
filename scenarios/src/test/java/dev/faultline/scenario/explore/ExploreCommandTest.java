package dev.faultline.scenario.explore;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import dev.faultline.scenario.testkit.Counterexamples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {
  @TempDir Path dir;

  @Test
  void findsR3AndWritesAReplayableCounterexample() throws Exception {
    Run r = Counterexamples.exploreRaftR3(dir);
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("VIOLATION"), r.out());
    assertTrue(r.out().contains("ElectionSafety"), r.out());
    Path file = dir.resolve("explore-raft-R3.json");
    assertTrue(Files.exists(file), r.out());
    // `faultline run` replays the counterexample and still sees the violation (exit 1).
    Run replay = cli("run", file.toString(), "--out", dir.resolve("replay").toString());
    assertEquals(1, replay.code(), replay.out() + replay.err());
    assertTrue(replay.out().contains("ElectionSafety"), replay.out());
    String trace = Files.readString(dir.resolve("replay").resolve("trace.jsonl"));
    assertTrue(trace.contains("\"kind\":\"violation\""), trace);
    assertTrue(trace.contains("\"kind\":\"crash\""), trace);
  }

  @Test
  void aDepthBoundWithoutVerdictExits3() {
    Run r =
        cli(
            "explore",
            "--protocol",
            "raft",
            "--clients",
            "0",
            "--max-depth",
            "3",
            "--out",
            dir.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("BOUND_REACHED (max-depth)"), r.out());
  }

  @Test
  void oneWayLinkCutsAreABoundNamedInTheResult() {
    Run r =
        cli(
            "explore",
            "--protocol",
            "pb",
            "--clients",
            "0",
            "--max-depth",
            "3",
            "--max-link-cuts",
            "1",
            "--out",
            dir.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("max-link-cuts=1 (limited the search)"), r.out());
    Run bad = cli("explore", "--protocol", "pb", "--max-link-cuts", "-1");
    assertEquals(2, bad.code());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("--max-link-cuts"), bad.err());
  }

  @Test
  void badInputIsOneLineAndExit2() {
    Run unknown = cli("explore", "--protocol", "nope");
    assertEquals(2, unknown.code());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    assertTrue(unknown.err().contains("--protocol"), unknown.err());
    Run variant = cli("explore", "--protocol", "raft", "--variant", "R99");
    assertEquals(2, variant.code());
    assertTrue(variant.err().contains("no variant 'R99'"), variant.err());
    Run time = cli("explore", "--protocol", "raft", "--time", "soon");
    assertEquals(2, time.code());
    assertTrue(time.err().contains("--time"), time.err());
  }

  @Test
  void aTamperedCounterexampleIsABadFile() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"kind\":\"counterexample\",\"protocol\":\"raft\",\"servers\":3}");
    Run r = cli("run", file.toString());
    assertEquals(2, r.code(), r.out() + r.err());
  }
}
