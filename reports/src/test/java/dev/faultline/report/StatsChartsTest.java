package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Run statistics" section drawn from result.json's "stats". */
class StatsChartsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** Stats as result.json carries them: 4 windows, 2 message types. */
  static final String RESULT =
      """
      {"checks": [], "stats": {
        "operations": {"invoked": 8, "ok": 6, "fail": 1, "info": 1, "pending": 0},
        "latencyTicks": {"ok": {"count": 6, "min": 3, "p50": 7, "p90": 12, "p95": 12, "p99": 12,
                                 "max": 12, "mean": 7.5}},
        "spanTicks": 400, "okPerKiloTick": 15.0, "availability": 0.75, "windowTicks": 100,
        "timeline": [
          {"startTick": 0, "invoked": 4, "okOfInvoked": 4, "okCompleted": 3, "availability": 1.0},
          {"startTick": 100, "invoked": 2, "okOfInvoked": 0, "okCompleted": 1, "availability": 0.0},
          {"startTick": 200, "invoked": 0, "okOfInvoked": 0, "okCompleted": 0, "availability": null},
          {"startTick": 300, "invoked": 2, "okOfInvoked": 2, "okCompleted": 2, "availability": 1.0}],
        "messages": {"total": 30, "betweenServers": 14, "perOperation": 3.75,
                     "betweenServersPerOperation": 1.75,
                     "byType": {"AppendEntries": 10, "ClientRequest": 20}}}}
      """;

  private static int count(String haystack, String regex) {
    Matcher m = Pattern.compile(regex).matcher(haystack);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void sectionHasEveryChartWithOneBarPerValue() throws Exception {
    String section = StatsCharts.html(JSON.readTree(RESULT).get("stats"));
    assertTrue(section.contains("8 operations invoked: 6 ok, 1 fail, 1 info"), section);
    assertTrue(section.contains("Availability 75.0%"), section);
    assertTrue(section.contains("30 sent, 3.75 per operation (14 between servers"), section);
    // Latency: p50 p90 p95 p99 max for the one outcome present.
    assertEquals(5, count(section, "<title>ok p\\d+|<title>ok max"), section);
    // Throughput and availability: one bar per window each.
    assertEquals(2 * 4, count(section, "<title>ticks \\d+-\\d+"), section);
    assertTrue(section.contains("<title>ticks 200-300: nothing invoked</title>"), section);
    assertTrue(section.contains("<title>ticks 100-200: 0%</title>"), section);
    assertTrue(section.contains("<title>AppendEntries: 10</title>"), section);
    assertTrue(section.contains("<title>ClientRequest: 20</title>"), section);
    assertFalse(section.contains("<script"), "static SVG, no script");
  }

  @Test
  void reportCarriesTheSectionOnlyWhenTheResultHasStats() throws Exception {
    SyntheticTrace t = SyntheticTrace.build(3, 20);
    String with = ReportGenerator.fromTraceLines(t.cached).resultJson(RESULT).html();
    assertEquals(1, count(with, "<details id=\"stats\">"), "one section");
    assertTrue(
        with.indexOf("id=\"stats\"") < with.indexOf("id=\"fl-data\""),
        "below the plot, above data");
    String without = ReportGenerator.fromTraceLines(t.cached).resultJson("{\"checks\":[]}").html();
    assertFalse(without.contains("id=\"stats\""));
    assertFalse(without.contains("{{STATS}}"), "the slot is always filled");
    String noResult = ReportGenerator.fromTraceLines(t.cached).html();
    assertFalse(noResult.contains("{{STATS}}"));
  }

  @Test
  void pageWithStatsLoadsInChromiumWithoutScriptErrors() throws Exception {
    HeadlessChromium browser = ReportBrowserTest.chromium();
    SyntheticTrace t = SyntheticTrace.build(5, 40);
    Path html = dir.resolve("stats.html");
    ReportGenerator.fromTraceLines(t.cached).resultJson(RESULT).writeHtml(html);
    JsonNode self = JSON.readTree(browser.load(html, null).selfTestJson());
    assertEquals(0, self.get("errors").size(), "script errors: " + self.get("errors"));
    // The screenshot shows the section opened (it is collapsed under the header by default).
    Path open = dir.resolve("stats-open.html");
    Files.writeString(
        open,
        Files.readString(html).replace("<details id=\"stats\">", "<details id=\"stats\" open>"));
    Path png = ReportBrowserTest.buildDir().resolve("screenshots/report-run-statistics.png");
    Files.createDirectories(png.getParent());
    browser.screenshot(open, null, png, 1200, 1000);
    assertTrue(Files.size(png) > 0);
  }
}
