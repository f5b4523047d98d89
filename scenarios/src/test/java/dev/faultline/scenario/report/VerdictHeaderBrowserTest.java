package dev.faultline.scenario.report;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.report.HeadlessChromium;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.Artifacts;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.testkit.Cli.Run;
import dev.faultline.scenario.testkit.Counterexamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report header tells the whole verdict, as a browser shows it: every property the run checked
 * with its outcome, what broke first. Each page is opened in headless Chromium and the header read
 * back from the page itself (its self-test lists the header's lines and their colour classes).
 */
class VerdictHeaderBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private record Header(String meta, List<String[]> rows) {
    /** The verdict rows as "class|text". */
    String first() {
      return rows.get(0)[0] + "|" + rows.get(0)[1];
    }

    boolean has(String cls, String... parts) {
      for (String[] r : rows) {
        boolean all = r[0].contains(cls);
        for (String p : parts) {
          all &= r[1].contains(p);
        }
        if (all) {
          return true;
        }
      }
      return false;
    }

    String text() {
      StringBuilder b = new StringBuilder(meta);
      rows.forEach(r -> b.append("\n[").append(r[0]).append("] ").append(r[1]));
      return b.toString();
    }
  }

  private static Header header(Path html) throws Exception {
    HeadlessChromium browser = ProtocolFailureReportTest.chromium();
    JsonNode page = JSON.readTree(browser.load(html, null).selfTestJson());
    assertEquals(0, page.get("errors").size(), "script errors: " + page.get("errors"));
    JsonNode lines = page.get("header");
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      assertTrue(lines.get(i).get("visible").asBoolean(), "header line shown: " + lines.get(i));
      rows.add(new String[] {lines.get(i).get("cls").asText(), lines.get(i).get("text").asText()});
    }
    return new Header(lines.get(0).get("text").asText(), rows);
  }

  private Path runAndDraw(Scenario s, String name) {
    Path out = dir.resolve(name);
    ScenarioResult r = ScenarioRunner.run(s, RunOptions.DEFAULT.withOut(out));
    String problem = Artifacts.writeReport(out, r, "./faultline run " + name);
    assertEquals(null, problem);
    return out;
  }

  private static Scenario library(String path) {
    Path here = Path.of("library");
    return ScenarioReader.read(
        (Files.isDirectory(here) ? here : Path.of("scenarios", "library")).resolve(path));
  }

  @Test
  void livenessFailureIsTheHeadlineNotAGreenLinearizableBanner() throws Exception {
    Path out = runAndDraw(library("pb/pb-liveness-vs-down.json"), "pb-liveness");
    Header h = header(out.resolve("report.html"));
    assertTrue(h.first().startsWith("bad"), h.text());
    assertTrue(h.first().contains("Violated: Liveness"), h.text());
    assertTrue(h.has("bad", "Liveness (liveness): violated", "never"), h.text());
    assertTrue(h.has("good", "Linearizability (linearizability): held"), h.text());
    for (String inv : List.of("OnePrimaryPerView", "BackupHasAckedWrites")) {
      assertTrue(h.has("good", inv + " (invariant): held"), h.text());
    }
    assertTrue(h.has("info", "Progress limit", "declared"), h.text());
  }

  @Test
  void raftR4Seed12LivenessFromFuzzingIsNamed() throws Exception {
    Scenario s = SwarmPlan.scenario(FuzzConfig.of("raft", "R4"), 12);
    Path out = runAndDraw(s, "raft-r4-12");
    Header h = header(out.resolve("report.html"));
    assertTrue(h.first().contains("Violated: Liveness"), h.text());
    assertTrue(h.has("bad", "Liveness (liveness): violated", "client c"), h.text());
    assertTrue(h.has("good", "ElectionSafety (invariant): held"), h.text());
  }

  @Test
  void anInvariantViolationComesFirstAndSaysWhatWasNotChecked() throws Exception {
    Path out = runAndDraw(library("raft/r1-vote-without-log-check.json"), "raft-r1");
    Header h = header(out.resolve("report.html"));
    assertTrue(h.first().contains("Violated: LeaderCompleteness"), h.text());
    assertTrue(
        h.rows().get(1)[1].startsWith("\u2717 LeaderCompleteness (invariant): violated"), h.text());
    assertTrue(h.has("info", "Linearizability (linearizability): not checked"), h.text());
    assertTrue(h.text().contains("expected LeaderCompleteness violated (as expected)"), h.text());
  }

  @Test
  void aLinearizabilityViolationIsInTheHeader() throws Exception {
    Path out = runAndDraw(library("raft/r7-read-without-leadership-check.json"), "raft-r7");
    Header h = header(out.resolve("report.html"));
    assertTrue(h.first().contains("Violated: Linearizability"), h.text());
    assertTrue(
        h.has("bad", "Linearizability (linearizability): violated", "Cannot be placed"), h.text());
  }

  @Test
  void reportCommandReadsTheResultFilesBesideTheTrace() throws Exception {
    Path out = runAndDraw(library("pb/pb-liveness-vs-down.json"), "beside");
    Files.delete(out.resolve("report.html"));
    Run r = cli("report", out.resolve("trace.jsonl").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    Header h = header(out.resolve("trace.html"));
    assertTrue(h.first().contains("Violated: Liveness"), h.text());
    assertFalse(h.text().contains("No violation recorded"), h.text());
  }

  @Test
  void aLinearizableHistoryHasNoZeroOpPrefix() throws Exception {
    Path out = runAndDraw(library("pb/pb-missing-writes.json"), "pass");
    Files.delete(out.resolve("result.json"));
    Run r = cli("report", out.resolve("trace.jsonl").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    Header h = header(out.resolve("trace.html"));
    assertTrue(h.has("good", "Linearizability: linearizable", "operations"), h.text());
    assertFalse(h.text().contains("prefix"), h.text());
  }

  @Test
  void anExplorerReplayShowsWhereItCameFromNotSeedZero() throws Exception {
    Path cx = Counterexamples.raftR3(dir);
    Path replay = dir.resolve("replay");
    Run r = cli("run", cx.toString(), "--out", replay.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    Header h = header(replay.resolve("report.html"));
    assertFalse(h.meta().contains("seed"), h.text());
    assertTrue(h.meta().contains("explorer counterexample"), h.text());
    assertTrue(h.has("bad", "ElectionSafety (invariant): violated"), h.text());
  }
}
