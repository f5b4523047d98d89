package dev.faultline.scenario.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The statistics lines {@code faultline run} prints under its verdict. */
public final class RunStatsText {
  /** Message types named on the messages line; the rest are summed as "other". */
  private static final int TYPES_SHOWN = 6;

  private RunStatsText() {}

  public static List<String> lines(RunStats s) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "Operations: %d invoked: %d ok, %d fail, %d info, %d pending; availability %s;"
                + " throughput %.2f ok per 1,000 ticks over %d ticks.",
            s.invoked(),
            s.ok(),
            s.fail(),
            s.info(),
            s.pending(),
            s.availability() < 0 ? "n/a" : percent(s.availability()),
            s.okPerKiloTick(),
            s.spanTicks()));
    StringBuilder latency = new StringBuilder("Latency (ticks):");
    String sep = " ";
    for (Map.Entry<String, Percentiles> e : s.latencyTicks().entrySet()) {
      Percentiles p = e.getValue();
      latency.append(
          String.format(
              Locale.ROOT,
              "%s%s n=%d p50 %d, p90 %d, p95 %d, p99 %d, max %d",
              sep,
              e.getKey(),
              p.count(),
              p.p50(),
              p.p90(),
              p.p95(),
              p.p99(),
              p.max()));
      sep = "; ";
    }
    lines.add(
        s.latencyTicks().isEmpty() ? "Latency (ticks): no completed operation." : latency + ".");
    if (s.messages() != null) {
      lines.add(messagesLine(s));
    }
    return lines;
  }

  private static String messagesLine(RunStats s) {
    RunStats.Messages m = s.messages();
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Messages: %d sent (%.1f per op; %d between servers, %.1f per op)",
                m.total(),
                m.perOperation(s.invoked()),
                m.betweenServers(),
                m.betweenServersPerOperation(s.invoked())));
    List<Map.Entry<String, Long>> types = new ArrayList<>(m.byType().entrySet());
    // Most sent first; ties keep the type-name order the map gives.
    types.sort((a, c) -> Long.compare(c.getValue(), a.getValue()));
    String sep = ": ";
    long other = 0;
    for (int i = 0; i < types.size(); i++) {
      if (i < TYPES_SHOWN) {
        b.append(sep).append(types.get(i).getKey()).append(' ').append(types.get(i).getValue());
        sep = ", ";
      } else {
        other += types.get(i).getValue();
      }
    }
    if (other > 0) {
      b.append(", other ").append(other);
    }
    return b.append('.').toString();
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }
}
