package dev.faultline.scenario.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.report.HeadlessChromium;
import dev.faultline.scenario.report.BrowserTests;
import dev.faultline.scenario.testkit.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzz --stats-html} and {@code merge --stats-html}: the campaign's statistics as charts,
 * opened in headless Chromium. Each chart draws one bar per key of {@code --json}'s {@code "stats"}
 * (outcomes, fault kinds, faults by type, events histogram), every bar of a non-zero count is drawn
 * with a width, and two shards merged draw exactly the charts of the whole campaign. Screenshots go
 * to {@code target/campaign-screenshots/}. Output paths are checked before any seed runs.
 */
class CampaignChartsBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static JsonNode whole;
  static Path wholeHtml;

  /** MergeCommandTest's small PB B1 campaign, which fails on some seeds and passes on others. */
  private static Cli.Run fuzz(String... more) {
    return Cli.cli(MergeCommandTest.with(more));
  }

  @BeforeAll
  static void runTheCampaign() throws Exception {
    wholeHtml = dir.resolve("charts").resolve("whole.html");
    Cli.Run r =
        fuzz("--out", dir.resolve("whole").toString(), "--stats-html", wholeHtml.toString());
    whole = JSON.readTree(r.out());
    assertTrue(r.err().contains("Campaign charts: " + wholeHtml), r.err());
  }

  private static JsonNode charts(Path html, String shot) throws Exception {
    HeadlessChromium browser = BrowserTests.chromium();
    JsonNode page = JSON.readTree(browser.load(html, null).selfTestJson());
    assertEquals(0, page.get("errors").size(), page.toString());
    Path png = BrowserTests.buildDir().resolve("campaign-screenshots").resolve(shot);
    browser.screenshot(html, null, png, 1000, 1400);
    assertTrue(Files.size(png) > 10_000);
    return page.get("charts");
  }

  private static Set<String> keys(JsonNode counts) {
    Set<String> out = new TreeSet<>();
    counts.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Set<String> labels(JsonNode chart) {
    Set<String> out = new TreeSet<>();
    chart.get("labels").forEach(l -> out.add(l.asText()));
    return out;
  }

  @Test
  void eachChartDrawsOneBarPerCountOfTheJsonStats() throws Exception {
    JsonNode stats = whole.get("stats");
    JsonNode charts = charts(wholeHtml, "fuzz-pb-b1.png");
    assertEquals(5, charts.size(), charts.toString());
    JsonNode outcomes = charts.get(0);
    assertTrue(outcomes.get("title").asText().startsWith("Seeds by outcome"), outcomes.toString());
    assertEquals(keys(stats.get("outcomes")), labels(outcomes));
    assertTrue(labels(outcomes).contains("BackupHasAckedWrites"), outcomes.toString());
    assertEquals(keys(stats.get("progressLimits")).size(), charts.get(1).get("bars").asInt());
    assertEquals(keys(stats.get("faultKinds")), labels(charts.get(2)));
    assertEquals(keys(stats.get("faultTypes")), labels(charts.get(3)));
    assertEquals(stats.at("/eventsPerSeed/histogram").size(), charts.get(4).get("bars").asInt());
    for (JsonNode c : charts) {
      assertTrue(c.get("visible").asBoolean(), c.toString());
      c.get("widths").forEach(w -> assertTrue(w.asDouble() > 0, c.toString()));
    }
    long seeds = 0;
    for (JsonNode n : stats.get("outcomes")) {
      seeds += n.asLong();
    }
    assertEquals(12, seeds);
  }

  @Test
  void twoShardsMergedDrawTheWholeCampaignsCharts() throws Exception {
    List<String> merge = new ArrayList<>(List.of("merge"));
    for (int i = 1; i <= 2; i++) {
      Cli.Run r = fuzz("--shard", i + "/2", "--out", dir.resolve("shard-" + i).toString());
      Path file = dir.resolve("shard-" + i + ".json");
      Files.writeString(file, r.out());
      merge.add(file.toString());
    }
    Path mergedHtml = dir.resolve("merged.html");
    merge.addAll(List.of("--stats-html", mergedHtml.toString()));
    Cli.Run r = Cli.cli(merge.toArray(String[]::new));
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("Campaign charts: " + mergedHtml), r.out());
    assertEquals(charts(wholeHtml, "fuzz-pb-b1.png"), charts(mergedHtml, "merge-pb-b1.png"));
  }

  @Test
  void anUnwritableChartsPathStopsBeforeAnySeedRuns() throws Exception {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    for (String[] cmd :
        new String[][] {
          {
            "fuzz",
            "--protocol",
            "raft",
            "--seeds",
            "1",
            "--stats-html",
            file.resolve("c.html").toString()
          },
          {"fuzz", "--protocol", "raft", "--seeds", "1", "--stats-html", dir.toString()},
          {"merge", "no-such-shard.json", "--stats-html", dir.toString()}
        }) {
      Cli.Run r = Cli.cli(cmd);
      assertEquals(2, r.code(), r.out() + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("--stats-html"), r.err());
      assertFalse(r.out().contains("seeds"), r.out());
    }
  }
}
