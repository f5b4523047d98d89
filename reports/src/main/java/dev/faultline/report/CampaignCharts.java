package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.report.StatsCharts.Bar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fuzz campaign's statistics as one self-contained HTML page of SVG bar charts (no script from
 * anywhere, no network): seeds by outcome, progress-limit reasons, fault-kind coverage, faults
 * scheduled by type and seeds by events run. Drawn from the {@code "stats"} object of fuzz's and
 * merge's {@code --json}, so a merged campaign draws exactly as the unsharded one would. A small
 * inline script reports what the page shows (chart titles, bars, labels) in its {@code
 * #fl-selftest} element for headless browser tests; the charts need no script.
 */
public final class CampaignCharts {
  private static final int WIDTH = 900;
  private static final int LABEL_WIDTH = 380;

  private CampaignCharts() {}

  /** Writes the page for {@code stats} under {@code title}, with the summary {@code lines}. */
  public static void write(Path file, String title, List<String> lines, JsonNode stats)
      throws IOException {
    Files.writeString(file, html(title, lines, stats), StandardCharsets.UTF_8);
  }

  static String html(String title, List<String> lines, JsonNode stats) {
    long seeds = stats.path("seeds").asLong();
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(HtmlPage.escapeHtml(title))
        .append("</title><style>body{font:13px sans-serif;margin:16px;color:#1d2330}")
        .append("h1{font-size:18px}h3{font-size:13px;margin:14px 0 4px}")
        .append(
            "svg text{font:11px sans-serif}.lines{color:#5a6275}#fl-selftest{display:none}</style></head><body>\n")
        .append("<h1>")
        .append(HtmlPage.escapeHtml(title))
        .append("</h1>\n<div class=\"lines\">");
    for (String line : lines) {
      b.append("<div>").append(HtmlPage.escapeHtml(line)).append("</div>");
    }
    b.append("</div>\n");
    b.append(chart("Seeds by outcome", counts(stats.path("outcomes"), seeds), "#4c78a8"));
    b.append(
        chart(
            "Progress limits: LIVENESS_LIMIT seeds by reason",
            counts(stats.path("progressLimits"), seeds),
            "#eeca3b"));
    b.append(
        chart(
            "Fault-kind coverage: seeds that switched each fault kind on (of " + seeds + ")",
            counts(stats.path("faultKinds"), seeds),
            "#54a24b"));
    b.append(
        chart(
            "Faults scheduled, by type (all seeds)",
            counts(stats.path("faultTypes"), 0),
            "#f58518"));
    JsonNode events = stats.path("eventsPerSeed");
    b.append(
        chart(
            String.format(
                Locale.ROOT,
                "Seeds by events run (min %d, mean %s, max %d)",
                events.path("min").asLong(),
                events.path("mean").asText(),
                events.path("max").asLong()),
            histogram(events.path("histogram"), seeds),
            "#b279a2"));
    b.append("<pre id=\"fl-selftest\">{\"errors\":[\"page script did not run\"]}</pre>\n")
        .append("<script>")
        .append(SELF_TEST)
        .append("</script>\n</body></html>\n");
    return b.toString();
  }

  private static String chart(String title, List<Bar> bars, String color) {
    return StatsCharts.chart(title, StatsCharts.horizontal(bars, color, WIDTH, LABEL_WIDTH)) + "\n";
  }

  /** One bar per key, most first; with {@code of} > 0 each also says its share of it. */
  private static List<Bar> counts(JsonNode counts, long of) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(counts.properties());
    entries.sort((x, y) -> Long.compare(y.getValue().asLong(), x.getValue().asLong()));
    List<Bar> bars = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : entries) {
      long n = e.getValue().asLong();
      String text =
          of > 0 ? String.format(Locale.ROOT, "%d (%.1f%%)", n, 100.0 * n / of) : Long.toString(n);
      bars.add(new Bar(e.getKey(), n, text));
    }
    return bars;
  }

  /** Power-of-two buckets in order: "0 events", "1 event", "2-3 events", "4-7 events", ... */
  private static List<Bar> histogram(JsonNode buckets, long seeds) {
    List<Bar> bars = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(buckets.properties());
    entries.sort((x, y) -> Long.compare(Long.parseLong(x.getKey()), Long.parseLong(y.getKey())));
    for (Map.Entry<String, JsonNode> e : entries) {
      long low = Long.parseLong(e.getKey());
      long n = e.getValue().asLong();
      String label =
          low == 0 ? "0 events" : low == 1 ? "1 event" : low + "-" + (2 * low - 1) + " events";
      bars.add(
          new Bar(
              label,
              n,
              String.format(Locale.ROOT, "%d (%.1f%%)", n, seeds > 0 ? 100.0 * n / seeds : 0)));
    }
    return bars;
  }

  /** Reads back each chart's title, bar count, labels and drawn bar widths. */
  private static final String SELF_TEST =
      "(function(){var out={errors:[],charts:[]};try{document.querySelectorAll('.chart')"
          + ".forEach(function(c){var bars=c.querySelectorAll('rect'),texts=c.querySelectorAll"
          + "('text'),labels=[],widths=[];for(var k=0;k<texts.length;k+=2)labels.push(texts[k]"
          + ".textContent);bars.forEach(function(r){widths.push(r.getBoundingClientRect().width)"
          + "});out.charts.push({title:c.querySelector('h3').textContent,bars:bars.length,"
          + "labels:labels,widths:widths,visible:c.getBoundingClientRect().height>0,none:"
          + "!!c.querySelector('p')})})}catch(e){out.errors.push(String(e))}"
          + "document.getElementById('fl-selftest').textContent=JSON.stringify(out)})();";
}
