package dev.faultline.scenario.cli;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output path that cannot be written is one line naming the path and the problem, exit 2, in
 * every command, and it is found before any work starts (no trace, no campaign, no search).
 */
class OutputPathsTest {
  @TempDir Path dir;
  Path aFile;
  Path scenario;

  @BeforeEach
  void setUp() throws Exception {
    aFile = dir.resolve("existing.txt");
    Files.writeString(aFile, "not a directory\n");
    Path here = Path.of("library");
    Path lib = Files.isDirectory(here) ? here : Path.of("scenarios", "library");
    scenario = lib.resolve("pb/pb-liveness-vs-down.json");
  }

  private static void oneLineError(Run r, String path, String problem) {
    assertEquals(2, r.code(), r.out() + r.err());
    List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one line: " + r.err());
    assertTrue(lines.get(0).contains(path), r.err());
    assertTrue(lines.get(0).contains(problem), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }

  private List<String[]> badDirs() {
    List<String[]> bad = new ArrayList<>();
    bad.add(new String[] {aFile.toString(), "not a directory"});
    bad.add(new String[] {"/proc/faultline-x", "cannot write"});
    return bad;
  }

  @Test
  void runFuzzExploreRejectABadOutDirectoryBeforeWorking() {
    for (String[] bad : badDirs()) {
      oneLineError(cli("run", scenario.toString(), "--out", bad[0]), bad[0], bad[1]);
      Run fuzz = cli("fuzz", "--protocol", "pb", "--seeds", "1", "--ops", "5", "--out", bad[0]);
      oneLineError(fuzz, bad[0], bad[1]);
      assertFalse(fuzz.out().contains("seeds in"), "no campaign ran: " + fuzz.out());
      Run explore =
          cli(
              "explore",
              "--protocol",
              "raft",
              "--clients",
              "0",
              "--max-depth",
              "1",
              "--out",
              bad[0]);
      oneLineError(explore, bad[0], bad[1]);
    }
  }

  @Test
  void shrinkReportAndCheckRejectABadOutputFile() throws Exception {
    Path runDir = dir.resolve("run");
    assertEquals(0, cli("run", scenario.toString(), "--out", runDir.toString()).code());
    Path trace = runDir.resolve("trace.jsonl");
    Path history = runDir.resolve("history.jsonl");
    String proc = "/proc/faultline-x/out.json";
    oneLineError(cli("shrink", scenario.toString(), "--out", proc), proc, "cannot write");
    oneLineError(
        cli("shrink", scenario.toString(), "--out", aFile.toString()),
        aFile.toString(),
        "not a directory");
    oneLineError(cli("report", trace.toString(), "-o", proc), proc, "cannot write");
    oneLineError(
        cli("report", trace.toString(), "-o", dir.toString()), dir.toString(), "is a directory");
    oneLineError(
        cli("report", trace.toString(), "--shiviz", aFile.resolve("x.log").toString()),
        aFile.toString(),
        "not a directory");
    oneLineError(cli("check", history.toString(), "--explain", proc), proc, "cannot write");
    oneLineError(
        cli("check", history.toString(), "--report", dir.toString()),
        dir.toString(),
        "is a directory");
  }
}
