package dev.faultline.scenario.debug;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.report.HeadlessChromium;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.report.BrowserTests;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.testkit.Cli.Run;
import dev.faultline.scenario.testkit.Counterexamples;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline debug} in real headless Chromium: the page loads with the printed URL, and its
 * own controls are clicked in order (the page's {@code #drive=} runs {@code element.click()} on the
 * message, timer and node buttons a person would press, waiting for each answer). On a Raft R3
 * counterexample found by the explorer: step to the violation by clicking, undo, step again, save;
 * the saved file replays with {@code faultline run} (exit 1: the violation reproduces). The test
 * also writes screenshots of a Raft and a PB failure with a node's state panel open, under {@code
 * target/debug-screenshots/}.
 */
class DebugBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static JsonNode drive(HeadlessChromium browser, DebugServer server, String commands)
      throws Exception {
    JsonNode page =
        JSON.readTree(browser.loadUrl(server.url() + "#drive=" + commands).selfTestJson());
    assertEquals(0, page.get("errors").size(), "script errors: " + page);
    return page;
  }

  private static DebugServer serve(Path file, Path save) throws Exception {
    DebugSession session = DebugLaunch.fromCounterexample(file, Files.readString(file), 0, true);
    return new DebugServer(session, save, InetAddress.getLoopbackAddress(), 0);
  }

  @Test
  void raftR3StepToTheViolationByClickingUndoSaveAndReplayTheSavedFile() throws Exception {
    HeadlessChromium browser = BrowserTests.chromium();
    Path cx = Counterexamples.raftR3(dir);
    Path saved = dir.resolve("saved").resolve("r3-by-hand.json");
    try (DebugServer server = serve(cx, saved)) {
      JsonNode page = drive(browser, server, "follow*8,snap,undo,snap,follow,save,open:s3");
      JsonNode atViolation = page.get("snaps").get(0);
      assertEquals(8, atViolation.get("step").asInt(), page.toString());
      assertEquals("ElectionSafety", atViolation.get("violation").asText(), page.toString());
      assertTrue(page.get("clicks").toString().contains("crash s2"), page.toString());
      JsonNode undone = page.get("snaps").get(1);
      assertEquals(7, undone.get("step").asInt(), page.toString());
      assertTrue(undone.get("violation").isNull(), page.toString());
      assertEquals(8, page.get("step").asInt(), page.toString());
      assertEquals(8, page.at("/violation/afterStep").asInt(), page.toString());
      assertTrue(page.get("banner").asText().contains("ElectionSafety broke after step 8"));
      assertEquals(saved.toString(), page.at("/saved/saved").asText(), page.toString());
      assertTrue(page.get("changedRows").asInt() >= 2, page.toString());

      Path shots = BrowserTests.buildDir().resolve("debug-screenshots");
      browser.screenshotUrl(
          server.url() + "#drive=open:s3", shots.resolve("raft-r3-state.png"), 1500, 1000);
      assertTrue(Files.size(shots.resolve("raft-r3-state.png")) > 10_000);
    }
    JsonNode file = JSON.readTree(Files.readString(saved));
    assertEquals("ElectionSafety", file.get("property").asText());
    assertEquals(8, file.get("steps").size());
    Run replay = cli("run", saved.toString(), "--out", dir.resolve("replay").toString());
    assertEquals(1, replay.code(), replay.out() + replay.err());
    assertTrue(replay.out().contains("reproduces: VIOLATED ElectionSafety"), replay.out());
  }

  @Test
  void pbB1CounterexampleScreenshotWithTheBackupsStateOpen() throws Exception {
    HeadlessChromium browser = BrowserTests.chromium();
    Path cx = dir.resolve("explore-pb-B1.json");
    try (var in = DebugBrowserTest.class.getResourceAsStream("explore-pb-B1.json")) {
      Files.copy(in, cx);
    }
    try (DebugServer server = serve(cx, null)) {
      JsonNode page = drive(browser, server, "follow*17,open:s2,open:s1");
      assertEquals(
          "BackupHasAckedWrites", page.at("/violation/property").asText(), page.toString());
      assertEquals(2, page.get("openPanels").asInt(), page.toString());
      Path shots = BrowserTests.buildDir().resolve("debug-screenshots");
      browser.screenshotUrl(
          server.url() + "#drive=open:s1,open:s2", shots.resolve("pb-b1-state.png"), 1500, 1000);
      assertTrue(Files.size(shots.resolve("pb-b1-state.png")) > 10_000);
    }
  }

  @Test
  void aRaftScenarioPrefixOpensAtItsEventWithTheRunsNodeStates() throws Exception {
    HeadlessChromium browser = BrowserTests.chromium();
    Path file = TraceMatchTest.library("raft/r1-vote-without-log-check.json");
    Scenario scenario = ScenarioReader.read(file);
    Path run = dir.resolve("run");
    ScenarioRunner.run(scenario, RunOptions.DEFAULT.withOut(run));
    long at = 100;
    ScenarioPrefix.Launch launch = ScenarioPrefix.open(file, scenario, at, true);
    int steps = launch.match().actionsWithin(at);
    try (DebugServer server =
        new DebugServer(launch.session(), null, InetAddress.getLoopbackAddress(), 0)) {
      JsonNode page = drive(browser, server, "open:s1,open:s2,open:s3");
      assertEquals(steps, page.get("step").asInt(), page.toString());
      assertTrue(
          page.get("meta")
              .asText()
              .contains("started from " + file.getFileName() + " after trace event 100 of 244"),
          page.get("meta").asText());
      Map<String, JsonNode> want = RunStates.after(run.resolve("states.jsonl"), at);
      for (String node : List.of("s1", "s2", "s3")) {
        Map<String, String> rows = new TreeMap<>();
        flatten(want.get(node), "", rows);
        Map<String, String> shown = new TreeMap<>();
        page.at("/panelRows/" + node)
            .properties()
            .forEach(
                e -> {
                  if (!e.getValue().asText().equals("\u2014")) {
                    shown.put(e.getKey(), e.getValue().asText());
                  }
                });
        assertEquals(rows, shown, node + " at event " + at);
      }
      // The run goes on from there: the next recorded step is the run's next choice.
      JsonNode next = drive(browser, server, "recorded");
      assertEquals(steps + 1, next.get("step").asInt(), next.toString());
      Path shots = BrowserTests.buildDir().resolve("debug-screenshots");
      browser.screenshotUrl(
          server.url() + "#drive=open:s2,open:s3", shots.resolve("raft-r1-prefix.png"), 1500, 1000);
      assertTrue(Files.size(shots.resolve("raft-r1-prefix.png")) > 10_000);
    }
  }

  /** A state as the page's panel lists it: dotted paths to scalars and arrays, JSON-encoded. */
  private static void flatten(JsonNode v, String prefix, Map<String, String> out) {
    if (v.isObject() && !v.isEmpty()) {
      v.properties()
          .forEach(
              e ->
                  flatten(
                      e.getValue(),
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      out));
    } else {
      out.put(prefix, v.toString());
    }
  }
}
