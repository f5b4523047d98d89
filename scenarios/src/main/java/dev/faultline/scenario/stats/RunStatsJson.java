package dev.faultline.scenario.stats;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * {@code "stats"} in result.json (docs/reference/trace-and-history-formats.md#run-statistics), and
 * what the report draws its charts from. Field order is fixed; ratios have 3 decimals.
 */
public final class RunStatsJson {
  private RunStatsJson() {}

  public static ObjectNode toNode(RunStats s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.putObject("operations")
        .put("invoked", s.invoked())
        .put("ok", s.ok())
        .put("fail", s.fail())
        .put("info", s.info())
        .put("pending", s.pending());
    ObjectNode latency = o.putObject("latencyTicks");
    for (Map.Entry<String, Percentiles> e : s.latencyTicks().entrySet()) {
      Percentiles p = e.getValue();
      latency
          .putObject(e.getKey())
          .put("count", p.count())
          .put("min", p.min())
          .put("p50", p.p50())
          .put("p90", p.p90())
          .put("p95", p.p95())
          .put("p99", p.p99())
          .put("max", p.max())
          .put("mean", round(p.mean()));
    }
    o.put("spanTicks", s.spanTicks());
    o.put("okPerKiloTick", round(s.okPerKiloTick()));
    putRatio(o, "availability", s.availability());
    o.put("windowTicks", s.windowTicks());
    var timeline = o.putArray("timeline");
    for (RunStats.Window w : s.timeline()) {
      ObjectNode t =
          timeline
              .addObject()
              .put("startTick", w.startTick())
              .put("invoked", w.invoked())
              .put("okOfInvoked", w.okOfInvoked())
              .put("okCompleted", w.okCompleted());
      putRatio(t, "availability", w.availability());
    }
    if (s.messages() == null) {
      o.putNull("messages");
    } else {
      RunStats.Messages m = s.messages();
      ObjectNode mo =
          o.putObject("messages")
              .put("total", m.total())
              .put("betweenServers", m.betweenServers())
              .put("perOperation", round(m.perOperation(s.invoked())))
              .put("betweenServersPerOperation", round(m.betweenServersPerOperation(s.invoked())));
      ObjectNode byType = mo.putObject("byType");
      m.byType().forEach(byType::put);
    }
    return o;
  }

  /** A ratio with 3 decimals, or null when undefined (negative). */
  private static void putRatio(ObjectNode o, String field, double ratio) {
    if (ratio < 0) {
      o.putNull(field);
    } else {
      o.put(field, round(ratio));
    }
  }

  static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
