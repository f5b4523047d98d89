package dev.faultline.scenario.cli;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} and {@code check} take several files and directories in one process. */
class BatchCommandTest {
  @TempDir Path dir;

  private static Path library(String path) {
    Path here = Path.of("library");
    return (Files.isDirectory(here) ? here : Path.of("scenarios", "library")).resolve(path);
  }

  @Test
  void runTakesFilesAndDirectoriesAndEndsWithATableAndTheWorstExitCode() throws Exception {
    Path batch = dir.resolve("batch");
    Files.createDirectories(batch);
    Files.copy(library("raft/r3-vote-not-persisted.json"), batch.resolve("r3.json"));
    Files.copy(library("pb/pb-missing-writes-b1.json"), batch.resolve("b1.json"));
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"name\": \"x\"}");
    Path out = dir.resolve("out");
    Run ok = cli("run", batch.toString(), "--out", out.toString());
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("SCENARIO"), ok.out());
    assertTrue(ok.out().contains("ElectionSafety"), ok.out());
    assertTrue(ok.out().contains("BackupHasAckedWrites"), ok.out());
    assertTrue(ok.out().contains("2 files in"), ok.out());
    assertTrue(Files.exists(out.resolve("r3").resolve("report.html")));
    assertTrue(Files.exists(out.resolve("b1").resolve("report.html")));

    Run worst = cli("run", batch.toString(), broken.toString(), "--out", out.toString());
    assertEquals(2, worst.code(), worst.out() + worst.err());
    assertTrue(worst.out().contains("bad input"), worst.out());
    assertTrue(worst.out().contains("3 files in"), worst.out());
  }

  @Test
  void checkTakesSeveralHistoriesAndSaysNoOperationsForAnEmptyOne() throws Exception {
    Path runDir = dir.resolve("run");
    assertEquals(
        0,
        cli("run", library("pb/pb-duplicate-write.json").toString(), "--out", runDir.toString())
            .code());
    Path histories = dir.resolve("histories");
    Files.createDirectories(histories);
    Files.copy(runDir.resolve("history.jsonl"), histories.resolve("a.jsonl"));
    Files.writeString(histories.resolve("empty.jsonl"), "");
    Run r = cli("check", histories.toString());
    assertEquals(3, r.code(), "worst of 0 and 3 (no operations): " + r.out() + r.err());
    assertTrue(r.out().contains("HISTORY"), r.out());
    assertTrue(
        r.out().lines().anyMatch(l -> l.contains("a.jsonl") && l.contains("linearizable")),
        r.out());
    assertTrue(
        r.out().lines().anyMatch(l -> l.contains("empty.jsonl") && l.contains("no operations")),
        r.out());
    assertTrue(r.out().contains("2 histories in"), r.out());

    Run one = cli("check", histories.resolve("empty.jsonl").toString());
    assertEquals(3, one.code(), "an empty history has no verdict: " + one.out() + one.err());
    assertTrue(one.out().contains("no operations"), one.out());
    assertTrue(!one.out().contains("linearizable"), one.out());

    Run both = cli("check", histories.toString(), "--explain", dir.resolve("e.json").toString());
    assertEquals(2, both.code(), both.out() + both.err());
  }
}
