package dev.faultline.scenario.cli;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.testkit.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI names (processes, places in a history, files, times) is what the input names. */
class IdentitiesTest {
  @TempDir Path dir;

  private static Path library(String path) {
    Path here = Path.of("library");
    return (Files.isDirectory(here) ? here : Path.of("scenarios", "library")).resolve(path);
  }

  @Test
  void aJepsenProcessKeepsItsIdOnThePage() throws Exception {
    Path log = dir.resolve("jepsen.log");
    Files.writeString(
        log,
        String.join(
            "\n",
            "INFO  jepsen.util - 11\t:invoke\t:write\t3",
            "INFO  jepsen.util - 11\t:ok\t:write\t3",
            "INFO  jepsen.util - 2\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 2\t:ok\t:read\t3",
            ""));
    Path html = dir.resolve("j.html");
    Run r = cli("check", log.toString(), "--report", html.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    String page = Files.readString(html);
    assertTrue(page.contains("\"p11\""), "process 11 is p11");
    assertFalse(page.contains("\"c12\""), "not c12");
    assertFalse(page.contains("\"c3\""), "process 2 is not c3");
  }

  @Test
  void aRunNamesHistoryPlacesAsCheckDoesOnItsHistoryFile() throws Exception {
    Path out = dir.resolve("r7");
    ScenarioResult r =
        ScenarioRunner.run(
            ScenarioReader.read(library("raft/r7-read-without-leadership-check.json")),
            RunOptions.DEFAULT.withOut(out));
    Matcher m = Pattern.compile("\\((lines|events) \\d+-\\d+\\)").matcher(r.message());
    assertTrue(m.find(), r.message());
    Run check = cli("check", out.resolve("history.jsonl").toString());
    assertEquals(1, check.code(), check.out());
    assertTrue(check.out().contains(m.group()), m.group() + " vs " + check.out());
  }

  @Test
  void shrinkWritesUnderOutNeverBesideItsInputAndExpectsTheViolation() throws Exception {
    Path input = dir.resolve("input");
    Files.createDirectories(input);
    Path file = input.resolve("r3.json");
    Files.copy(library("raft/r3-vote-not-persisted.json"), file);
    Path out = dir.resolve("shrunk");
    Run r = cli("shrink", file.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertFalse(Files.exists(input.resolve("r3-shrunk.json")), "nothing beside the input");
    Path shrunk = out.resolve("r3-shrunk.json");
    assertTrue(Files.exists(shrunk), r.out());
    assertEquals("ElectionSafety", ScenarioReader.read(shrunk).expect());
    assertTrue(r.out().contains("Reproduce: ./faultline run " + shrunk), r.out());
    Run replay = cli("run", shrunk.toString(), "--out", dir.resolve("replay").toString());
    assertEquals(0, replay.code(), replay.out());
  }

  @Test
  void progressSaysHowFarHowLongAndHowLongLeft() {
    FuzzCommand.Progress p = new FuzzCommand.Progress(null, false, 100);
    String line = p.line(12, 1, 14_000);
    assertTrue(line.startsWith("12 of 100 seeds, 0:14 elapsed, ETA 1:42"), line);
    assertTrue(line.endsWith("1 failed"), line);
  }
}
