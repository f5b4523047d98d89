package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "Run statistics" section, drawn from result.json's {@code "stats"}: latency
 * percentiles, throughput and availability over time, and messages by type, as inline SVG (the page
 * stays self-contained: no script, no network). Empty when the result has no statistics.
 */
final class StatsCharts {
  private static final int WIDTH = 560;
  private static final int BAR_HEIGHT = 16;
  private static final int LABEL_WIDTH = 150;
  private static final int PLOT_HEIGHT = 90;

  private StatsCharts() {}

  /** One labelled value of a bar chart. */
  record Bar(String label, double value, String text) {}

  static String html(JsonNode stats) {
    if (stats == null || !stats.isObject()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    // Collapsed under the header: its summary line gives the headline numbers without pushing the
    // diagram down; opened, it shows the charts.
    b.append("<details id=\"stats\"><summary><b>Run statistics</b>: ")
        .append(HtmlPage.escapeHtml(summary(stats)))
        .append("</summary>");
    b.append(
        "<style>#stats{padding:4px 12px;font:13px sans-serif}#stats .chart{display:inline-block;"
            + "vertical-align:top;margin:0 24px 12px 0}#stats h3{font-size:13px;margin:6px 0}#stats summary{cursor:pointer;margin:4px 0}"
            + "#stats svg text{font:11px sans-serif}</style>");
    b.append(chart("Latency percentiles (ticks)", horizontal(latencyBars(stats), "#4c78a8")));
    List<Double> okCompleted = new ArrayList<>();
    List<Double> availability = new ArrayList<>();
    for (JsonNode w : stats.path("timeline")) {
      okCompleted.add(w.path("okCompleted").asDouble());
      availability.add(w.path("availability").isNull() ? -1 : w.path("availability").asDouble());
    }
    long window = stats.path("windowTicks").asLong();
    b.append(
        chart(
            "Throughput over time (ok responses per " + window + " ticks)",
            vertical(okCompleted, window, false)));
    b.append(
        chart(
            "Availability over time (share of operations invoked then that ended ok)",
            vertical(availability, window, true)));
    JsonNode byType = stats.path("messages").path("byType");
    if (byType.isObject()) {
      List<Bar> bars = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : byType.properties()) {
        bars.add(new Bar(e.getKey(), e.getValue().asDouble(), e.getValue().asText()));
      }
      b.append(chart("Messages by type", horizontal(bars, "#f58518")));
    }
    return b.append("</details>").toString();
  }

  private static String summary(JsonNode s) {
    JsonNode ops = s.path("operations");
    JsonNode m = s.path("messages");
    return String.format(
            Locale.ROOT,
            "%d operations invoked: %d ok, %d fail, %d info, %d pending. Availability %s;"
                + " throughput %s ok per 1,000 ticks over %d ticks.",
            ops.path("invoked").asLong(),
            ops.path("ok").asLong(),
            ops.path("fail").asLong(),
            ops.path("info").asLong(),
            ops.path("pending").asLong(),
            s.path("availability").isNull()
                ? "n/a"
                : String.format(Locale.ROOT, "%.1f%%", 100 * s.path("availability").asDouble()),
            s.path("okPerKiloTick").asText(),
            s.path("spanTicks").asLong())
        + (m.isObject()
            ? String.format(
                Locale.ROOT,
                " Messages: %d sent, %s per operation (%d between servers, %s per operation).",
                m.path("total").asLong(),
                m.path("perOperation").asText(),
                m.path("betweenServers").asLong(),
                m.path("betweenServersPerOperation").asText())
            : "");
  }

  private static List<Bar> latencyBars(JsonNode stats) {
    List<Bar> bars = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : stats.path("latencyTicks").properties()) {
      for (String p : new String[] {"p50", "p90", "p95", "p99", "max"}) {
        long v = e.getValue().path(p).asLong();
        bars.add(new Bar(e.getKey() + " " + p, v, Long.toString(v)));
      }
    }
    return bars;
  }

  static String chart(String title, String svg) {
    return "<div class=\"chart\"><h3>" + HtmlPage.escapeHtml(title) + "</h3>" + svg + "</div>";
  }

  /** Horizontal bars, one per row, scaled to the largest value. */
  private static String horizontal(List<Bar> bars, String color) {
    return horizontal(bars, color, WIDTH, LABEL_WIDTH);
  }

  /** The same, {@code width} wide with {@code labelWidth} of it for the labels. */
  static String horizontal(List<Bar> bars, String color, int width, int labelWidth) {
    if (bars.isEmpty()) {
      return "<p>none</p>";
    }
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    int height = bars.size() * (BAR_HEIGHT + 4);
    StringBuilder b = svgOpen(width, height);
    int plot = width - labelWidth - 60;
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      int y = i * (BAR_HEIGHT + 4);
      double w = max <= 0 ? 0 : bar.value() / max * plot;
      b.append(text(labelWidth - 6, y + 12, "end", bar.label()));
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>",
              labelWidth,
              y,
              w,
              BAR_HEIGHT,
              color,
              HtmlPage.escapeHtml(bar.label()),
              HtmlPage.escapeHtml(bar.text())));
      b.append(text((int) (labelWidth + w + 4), y + 12, "start", bar.text()));
    }
    return b.append("</svg>").toString();
  }

  /**
   * One vertical bar per timeline window. As a ratio (availability), bars run 0..100 % and are
   * coloured by value; a window with nothing to measure (-1) is a grey stub.
   */
  private static String vertical(List<Double> values, long windowTicks, boolean ratio) {
    if (values.isEmpty()) {
      return "<p>none</p>";
    }
    double max = ratio ? 1 : values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    int left = 40;
    int plot = WIDTH - left - 10;
    double slot = (double) plot / values.size();
    StringBuilder b = svgOpen(WIDTH, PLOT_HEIGHT + 30);
    b.append(text(left - 4, 10, "end", ratio ? "100%" : fmt(max)));
    b.append(text(left - 4, PLOT_HEIGHT, "end", "0"));
    for (int i = 0; i < values.size(); i++) {
      double v = values.get(i);
      double h = v < 0 || max <= 0 ? 2 : Math.max(1, v / max * (PLOT_HEIGHT - 4));
      String fill = v < 0 ? "#ccc" : ratio ? availabilityColor(v) : "#54a24b";
      String tip =
          "ticks "
              + (i * windowTicks)
              + "-"
              + ((i + 1) * windowTicks)
              + ": "
              + (v < 0 ? "nothing invoked" : ratio ? fmt(100 * v) + "%" : fmt(v));
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
              left + i * slot + 1,
              PLOT_HEIGHT - h,
              Math.max(1, slot - 2),
              h,
              fill,
              HtmlPage.escapeHtml(tip)));
    }
    b.append(text(left, PLOT_HEIGHT + 16, "start", "tick 0"));
    b.append(text(left + plot, PLOT_HEIGHT + 16, "end", "tick " + values.size() * windowTicks));
    return b.append("</svg>").toString();
  }

  private static String availabilityColor(double v) {
    return v >= 0.99 ? "#54a24b" : v >= 0.5 ? "#eeca3b" : "#e45756";
  }

  private static StringBuilder svgOpen(int width, int height) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
            width,
            height,
            width,
            height));
  }

  private static String text(int x, int y, String anchor, String s) {
    return "<text x=\""
        + x
        + "\" y=\""
        + y
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + HtmlPage.escapeHtml(s)
        + "</text>";
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
