package dev.faultline.scenario.stats;

import dev.faultline.sim.api.HistoryEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A run's statistics as Maelstrom reports them: how many operations were invoked and how they
 * ended, latency percentiles per outcome, throughput, availability overall and over time, and the
 * messages sent per operation and by type. Computed from the client history (its ticks) and, when
 * the run was traced, the message counts.
 *
 * @param latencyTicks latency (completion tick minus invoke tick) by outcome: "ok", "fail", "info"
 *     (only outcomes that occurred)
 * @param spanTicks the run's length (its last tick): the denominator of throughput
 * @param windowTicks the width of each {@code timeline} window
 * @param timeline the run cut into equal windows (at most {@link #WINDOWS})
 * @param messages message counts, or null when the run was not traced
 */
public record RunStats(
    long invoked,
    long ok,
    long fail,
    long info,
    long pending,
    SortedMap<String, Percentiles> latencyTicks,
    long spanTicks,
    long windowTicks,
    List<Window> timeline,
    Messages messages) {

  /** How many windows the timeline has at most. */
  public static final int WINDOWS = 20;

  /**
   * One window of the timeline: operations invoked in it, how many of THOSE ended ok (so {@link
   * #availability()} is the share of requests made then that succeeded, whenever they finished),
   * and ok responses that arrived in it (throughput over time).
   */
  public record Window(long startTick, long invoked, long okOfInvoked, long okCompleted) {
    /** Share of the operations invoked in this window that ended ok; -1 when none was invoked. */
    public double availability() {
      return invoked == 0 ? -1 : (double) okOfInvoked / invoked;
    }
  }

  /** Messages sent; {@code perOperation} divides by operations invoked (0 when none were). */
  public record Messages(long total, long betweenServers, SortedMap<String, Long> byType) {
    public Messages {
      byType = Collections.unmodifiableSortedMap(new TreeMap<>(byType));
    }

    public double perOperation(long invoked) {
      return invoked == 0 ? 0 : (double) total / invoked;
    }

    public double betweenServersPerOperation(long invoked) {
      return invoked == 0 ? 0 : (double) betweenServers / invoked;
    }
  }

  public RunStats {
    latencyTicks = Collections.unmodifiableSortedMap(new TreeMap<>(latencyTicks));
    timeline = List.copyOf(timeline);
  }

  /** Share of invoked operations that ended ok; -1 when none was invoked. */
  public double availability() {
    return invoked == 0 ? -1 : (double) ok / invoked;
  }

  /** Ok operations per 1,000 ticks of the run. */
  public double okPerKiloTick() {
    return spanTicks <= 0 ? 0 : ok * 1000.0 / spanTicks;
  }

  /** An operation: its process, invoke tick, and (once complete) outcome and completion tick. */
  private static final class Op {
    final long invokeTick;
    HistoryEvent.Type outcome;
    long completeTick;

    Op(long invokeTick) {
      this.invokeTick = invokeTick;
    }
  }

  /**
   * Statistics of a history (ticks stamped by the world) for a run that ended at {@code endTick};
   * {@code messages} may be null (an untraced run).
   */
  public static RunStats of(List<HistoryEvent> history, long endTick, Messages messages) {
    List<Op> ops = pair(history);
    SortedMap<String, List<Long>> latencies = new TreeMap<>();
    long[] ended = new long[HistoryEvent.Type.values().length];
    for (Op op : ops) {
      if (op.outcome != null) {
        ended[op.outcome.ordinal()]++;
        latencies
            .computeIfAbsent(op.outcome.json(), k -> new ArrayList<>())
            .add(op.completeTick - op.invokeTick);
      }
    }
    SortedMap<String, Percentiles> latency = new TreeMap<>();
    latencies.forEach(
        (k, v) -> latency.put(k, Percentiles.of(v.stream().mapToLong(Long::longValue).toArray())));
    long span = Math.max(endTick, 0);
    long width = Math.max(1, (span + WINDOWS - 1) / WINDOWS);
    long okCount = ended[HistoryEvent.Type.OK.ordinal()];
    long failCount = ended[HistoryEvent.Type.FAIL.ordinal()];
    long infoCount = ended[HistoryEvent.Type.INFO.ordinal()];
    return new RunStats(
        ops.size(),
        okCount,
        failCount,
        infoCount,
        ops.size() - okCount - failCount - infoCount,
        latency,
        span,
        width,
        timeline(ops, span, width),
        messages);
  }

  /** Each invoke matched with the next completion of the same process, in invoke order. */
  private static List<Op> pair(List<HistoryEvent> history) {
    List<Op> ops = new ArrayList<>();
    SortedMap<Integer, Op> open = new TreeMap<>();
    for (HistoryEvent e : history) {
      if (e.type() == HistoryEvent.Type.INVOKE) {
        Op op = new Op(e.timeTicks());
        ops.add(op);
        open.put(e.process(), op);
      } else {
        Op op = open.remove(e.process());
        if (op != null) {
          op.outcome = e.type();
          op.completeTick = e.timeTicks();
        }
      }
    }
    return ops;
  }

  private static List<Window> timeline(List<Op> ops, long span, long width) {
    int n = (int) Math.max(1, (span + width - 1) / width);
    long[] invoked = new long[n];
    long[] okOfInvoked = new long[n];
    long[] okCompleted = new long[n];
    for (Op op : ops) {
      int w = window(op.invokeTick, width, n);
      invoked[w]++;
      if (op.outcome == HistoryEvent.Type.OK) {
        okOfInvoked[w]++;
        okCompleted[window(op.completeTick, width, n)]++;
      }
    }
    List<Window> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Window(i * width, invoked[i], okOfInvoked[i], okCompleted[i]));
    }
    return out;
  }

  private static int window(long tick, long width, int n) {
    return (int) Math.min(n - 1, Math.max(0, tick / width));
  }
}
