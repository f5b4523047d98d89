package dev.faultline.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.report.HeadlessChromium;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.run.Artifacts;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's report shows node states: the run writes {@code states.jsonl} beside its trace, the
 * report embeds it, and a click on the event that broke the invariant (the page's {@code
 * #stateprobe} dispatches a real mouse click on the canvas where that event is drawn, in headless
 * Chromium) shows the nodes of that event before and after its step, with the changed fields
 * highlighted. Screenshots of both reports with that panel open go to {@code
 * target/report-screenshots/} ({@code raft-r1-node-state.png}, {@code pb-b3-node-state.png}).
 */
class NodeStatePanelBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** Zoom to where it broke, then click the event that broke it. */
  private static final String PROBE = "focus&stateprobe";

  private JsonNode probe(String library, String name, String shot) throws Exception {
    Path here = Path.of("library");
    Path file = (Files.isDirectory(here) ? here : Path.of("scenarios", "library")).resolve(library);
    Path out = dir.resolve(name);
    ScenarioResult r =
        ScenarioRunner.run(ScenarioReader.read(file), RunOptions.DEFAULT.withOut(out));
    assertEquals(null, Artifacts.writeReport(out, r, "./faultline run " + file));
    assertTrue(Files.size(out.resolve("states.jsonl")) > 0, "states.jsonl written");
    HeadlessChromium browser = ProtocolFailureReportTest.chromium();
    Path html = out.resolve("report.html");
    JsonNode page = JSON.readTree(browser.load(html, PROBE).selfTestJson());
    assertEquals(0, page.get("errors").size(), "script errors: " + page.get("errors"));
    assertTrue(page.get("states").asInt() > 2, page.toString());
    JsonNode probe = page.get("stateProbe");
    assertTrue(probe.path("clicked").asBoolean(), "opened by a click on the canvas: " + probe);
    Path png = ProtocolFailureReportTest.buildDir().resolve("report-screenshots").resolve(shot);
    browser.screenshot(html, PROBE, png, 1600, 1000);
    assertTrue(Files.size(png) > 20_000, png + ": " + Files.size(png) + " bytes");
    return probe;
  }

  @Test
  void raftR1TheVoteThatMadeASecondLeaderShowsRoleAndLogChanging() throws Exception {
    JsonNode p = probe("raft/r1-vote-without-log-check.json", "r1", "raft-r1-node-state.png");
    assertTrue(p.get("found").asBoolean(), p.toString());
    assertTrue(p.get("nodes").toString().contains("s3"), p.toString());
    assertTrue(p.get("changedRows").asInt() >= 2, p.toString());
    String text = p.get("text").asText();
    assertTrue(text.contains("\"candidate\"") && text.contains("\"leader\""), text);
    assertTrue(text.contains("log.entries.1"), text);
  }

  @Test
  void pbSplitBrainShowsTheViewAndKvOfTheNodesInvolved() throws Exception {
    JsonNode p = probe("pb/pb-split-brain-b3.json", "b3", "pb-b3-node-state.png");
    assertTrue(p.get("found").asBoolean(), p.toString());
    assertTrue(p.get("text").asText().contains("view"), p.toString());
  }
}
