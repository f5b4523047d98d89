package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens generated reports in real headless Chromium and checks what the page says it drew against
 * counts taken straight from the trace. Skipped when Chromium is missing, unless CI is set.
 */
class ReportBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  static HeadlessChromium chromium() {
    var found = HeadlessChromium.find();
    if (found.isEmpty()) {
      if (System.getenv("CI") != null) {
        fail("Chromium is required on CI (apt-get install chromium)");
      }
      assumeTrue(false, "Chromium not installed; skipping browser test");
    }
    return found.get();
  }

  /** The module's build directory (target or target-<name>), found from the test classes. */
  static Path buildDir() throws Exception {
    Path classes =
        Path.of(
            ReportBrowserTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return classes.getParent();
  }

  private static String explanationFor(List<String> history) throws Exception {
    List<Integer> invokes = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      if (JSON.readTree(history.get(i)).get("type").asText().equals("invoke")) {
        invokes.add(i);
      }
    }
    int u = invokes.size() / 2;
    return "{\"model\":\"kv\",\"verdict\":\"not-linearizable\",\"partition\":\"k1\","
        + "\"unplaceable\":{\"invokeIndex\":"
        + invokes.get(u)
        + "},"
        + "\"linearizedPrefix\":"
        + invokes.subList(0, u - 1)
        + ","
        + "\"stateAfterPrefix\":\"c1-3\",\"concurrent\":["
        + invokes.get(u - 1)
        + ","
        + invokes.get(u + 1)
        + "]}";
  }

  @Test
  void pageLoadsWithoutErrorsAndDrawsEveryArrowAndLifeline() throws Exception {
    HeadlessChromium browser = chromium();
    SyntheticTrace t = SyntheticTrace.build(21, 160);
    TraceCounts counts = new TraceCounts(t.cached);
    Path html = dir.resolve("r.html");
    ReportGenerator.fromTraceLines(t.cached)
        .historyLines(t.history)
        .explanationJson(explanationFor(t.history))
        .reproduce("./faultline run synthetic.json --seed 21")
        .writeHtml(html);

    JsonNode all = JSON.readTree(browser.load(html, null).selfTestJson());
    assertEquals(0, all.get("errors").size(), "script errors: " + all.get("errors"));
    assertEquals(counts.arrows.size(), all.get("arrows").asInt());
    assertEquals(counts.lifelines.size(), all.get("lifelines").asInt());
    assertEquals(counts.invokes, all.get("ops").asInt());
    assertEquals(1, all.get("partitions").asInt());
    // The synthetic trace puts s2's clock out of bound halfway: a header line and a tinted lane.
    assertEquals(1, all.get("clockBands").asInt());
    assertTrue(
        all.get("header").toString().contains("Clock out of bound: s2 from tick " + t.endTick / 2),
        all.get("header").toString());

    // Hovering the middle of an arrow finds that arrow, and the details name its message.
    JsonNode probe = JSON.readTree(browser.load(html, "probe").selfTestJson()).get("probe");
    assertEquals("msg", probe.get("kind").asText(), probe.toString());
    long msgId = probe.get("msgId").asLong();
    assertEquals(probe.get("expectedMsgId").asLong(), msgId);
    // The longest arrow may be a duplicate copy: its id is the copy's, its fields the original's.
    long original = msgId;
    for (String line : t.cached) {
      JsonNode e = JSON.readTree(line);
      if (e.get("kind").asText().equals("duplicate") && e.get("copyId").asLong() == msgId) {
        original = e.get("msgId").asLong();
      }
    }
    JsonNode send = null;
    for (String line : t.cached) {
      JsonNode e = JSON.readTree(line);
      if (e.get("kind").asText().equals("send") && e.get("msgId").asLong() == original) {
        send = e;
      }
    }
    assertNotNull(send, "probed arrow " + msgId + " comes from a send");
    String details = probe.get("details").asText();
    assertTrue(
        details.startsWith(
            send.at("/message/type").asText()
                + "  "
                + send.get("from").asText()
                + " \u2192 "
                + send.get("to").asText()),
        details);
    assertTrue(details.contains("message id" + msgId), details);

    // A zoomed window with one lifeline filtered out: culling and filters agree with the trace.
    long t0 = t.endTick / 4;
    long t1 = t.endTick / 2;
    JsonNode part =
        JSON.readTree(browser.load(html, "t0=" + t0 + "&t1=" + t1 + "&hide=s3").selfTestJson());
    assertEquals(0, part.get("errors").size(), "script errors: " + part.get("errors"));
    assertEquals(counts.lifelines.size() - 1, part.get("lifelines").asInt());
    long expected = counts.arrowsIn(t0, t1, Set.of("s3"));
    assertTrue(expected > 0 && expected < counts.arrows.size());
    assertEquals(expected, part.get("arrows").asLong());
  }

  @Test
  void screenshotsOfSyntheticFailureAreSaved() throws Exception {
    HeadlessChromium browser = chromium();
    SyntheticTrace t = SyntheticTrace.build(21, 160);
    Path out = buildDir().resolve("report-screenshots");
    Path html = out.resolve("synthetic-raft.html");
    ReportGenerator.fromTraceLines(t.cached)
        .historyLines(t.history)
        .explanationJson(explanationFor(t.history))
        .title("synthetic Raft trace (all event kinds)")
        .reproduce("./faultline run synthetic.json --seed 21")
        .writeHtml(html);
    Path png = out.resolve("synthetic-raft.png");
    browser.screenshot(html, null, png, 1600, 1000);
    assertTrue(Files.size(png) > 10_000, "a real picture, not a blank page");
    Path zoomed = out.resolve("synthetic-raft-zoomed.png");
    browser.screenshot(
        html,
        "t0=" + (t.partitionFrom - 30) + "&t1=" + (t.partitionFrom + 120),
        zoomed,
        1600,
        1000);
    assertTrue(Files.size(zoomed) > 10_000);
  }

  /**
   * Scale: a 100,000-event trace. Prints generation time, size and the browser's load time
   * (measured, never asserted); asserts the page still draws every arrow without errors.
   */
  @Test
  void hundredThousandEventTrace() throws Exception {
    HeadlessChromium browser = chromium();
    int rounds = Integer.getInteger("fl.report.benchRounds", 8800);
    List<String> lines = SyntheticTrace.lines(99, rounds);
    TraceCounts counts = new TraceCounts(lines);
    Path trace = dir.resolve("big.jsonl");
    Files.write(trace, lines);
    Path html = buildDir().resolve("report-screenshots").resolve("big-100k.html");
    // Best of three (the first warms the JIT up); measured and printed, never asserted.
    long genMillis = Long.MAX_VALUE;
    ReportSummary s = null;
    for (int k = 0; k < 3; k++) {
      long start = System.nanoTime();
      s = ReportGenerator.fromFiles(trace, null, null).writeHtml(html);
      genMillis = Math.min(genMillis, (System.nanoTime() - start) / 1_000_000);
    }
    // Headless Chromium runs pages on a virtual clock, so the page's own timings are not wall
    // time: the cost of the big page is its wall time minus that of a small page (best of 2).
    Path small = dir.resolve("small.html");
    ReportGenerator.fromTraceLines(SyntheticTrace.lines(1, 100)).writeHtml(small);
    long smallMillis = Long.MAX_VALUE;
    long bigMillis = Long.MAX_VALUE;
    for (int k = 0; k < 2; k++) {
      smallMillis = Math.min(smallMillis, browser.load(small, null).wallMillis());
      HeadlessChromium.Load load = browser.load(html, null);
      bigMillis = Math.min(bigMillis, load.wallMillis());
      JsonNode page = JSON.readTree(load.selfTestJson());
      assertEquals(0, page.get("errors").size(), "script errors: " + page.get("errors"));
      assertEquals(counts.arrows.size(), page.get("arrows").asInt());
    }
    String line =
        String.format(
            "report bench: %d events, %d arrows, trace %d bytes -> html %d bytes; generation %d ms"
                + " (best of 3); chromium load+unpack+first draw: %d ms wall beyond a small page"
                + " (%d vs %d ms, best of 2)",
            s.events(),
            s.arrows(),
            Files.size(trace),
            s.bytes(),
            genMillis,
            bigMillis - smallMillis,
            bigMillis,
            smallMillis);
    System.out.println(line);
    Files.writeString(
        buildDir().resolve("report-screenshots").resolve("bench-100k.txt"), line + "\n");
    browser.screenshot(
        html, null, buildDir().resolve("report-screenshots").resolve("big-100k.png"), 1600, 1000);
  }
}
