package dev.faultline.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives every history event a tick so it can be drawn: its own {@code time}, else the tick of the
 * matching history event in the trace (same position), else a position spread evenly over the run
 * (the order, which is what linearizability depends on, is kept).
 */
final class OpTimes {
  private OpTimes() {}

  static List<HistoryEntry> fill(
      List<HistoryEntry> history, List<HistoryEntry> fromTrace, long firstTick, long lastTick) {
    boolean sameShape = fromTrace.size() == history.size();
    List<HistoryEntry> out = new ArrayList<>(history.size());
    long span = Math.max(1, lastTick - Math.min(firstTick, lastTick));
    for (int i = 0; i < history.size(); i++) {
      HistoryEntry e = history.get(i);
      long tick = e.tick();
      if (tick < 0 && sameShape) {
        tick = fromTrace.get(i).tick();
      }
      if (tick < 0) {
        tick = Math.min(firstTick, lastTick) + span * i / Math.max(1, history.size() - 1);
      }
      out.add(
          tick == e.tick()
              ? e
              : new HistoryEntry(e.process(), e.type(), e.f(), e.key(), e.value(), tick, e.line()));
    }
    return out;
  }
}
