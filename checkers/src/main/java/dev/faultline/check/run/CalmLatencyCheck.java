package dev.faultline.check.run;

import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.world.CalmWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a protocol's calm latency bound ({@code ClusterSpec#calmLatency}): the {@link
 * SettledLatency} rule applied to every calm stretch of a run ({@link CalmWindow}), not only to the
 * one after the faults stop. In a window from {@code f} to {@code u}, let {@code settled} be {@code
 * f} plus the run's longest message delay (what was sent under the faults has landed) plus the
 * protocol's {@code settleTicks}. An operation invoked at {@code t} is judged by the window when
 * its deadline {@code max(t, settled) + opTicks} falls before {@code u} and before the run's end:
 * it must have completed by then. An operation whose deadline falls after the next fault is not
 * judged by that window: a fault may rightly delay it.
 *
 * <p>The bound is the protocol's own (its election or ping timeouts, its client retry), so a
 * correct protocol meets it in every window as it does after the faults; a protocol that recovers
 * only on a slower path (a resend skipped, a timer doubled) misses it in a window in which the
 * faults before left it something to recover.
 */
public final class CalmLatencyCheck {
  private CalmLatencyCheck() {}

  /** Null when every judged operation met the bound, else a sentence naming the first miss. */
  public static String check(
      SettledLatency bound,
      List<CalmWindow> windows,
      long longestDelayTicks,
      List<HistoryEvent> history,
      int clients,
      long endTick) {
    for (Op op : operations(history, clients)) {
      String late = judge(bound, windows, longestDelayTicks, op.invoked(), op.doneTick(), endTick);
      if (late != null) {
        return late;
      }
    }
    return null;
  }

  /**
   * The least {@code settleTicks} with which this run would meet the bound's {@code opTicks} in
   * every calm window (0 if any): how close a run came to the bound, for measuring the margin of a
   * declared bound over many correct seeds. An operation judged by a window needs the settle point
   * to fall no earlier than {@code min(done, until, end) - opTicks}.
   */
  public static long neededSettleTicks(
      long opTicks,
      List<CalmWindow> windows,
      long longestDelayTicks,
      List<HistoryEvent> history,
      int clients,
      long endTick) {
    long needed = 0;
    for (Op op : operations(history, clients)) {
      for (CalmWindow w : windows) {
        long limit = Math.min(op.doneTick(), Math.min(w.untilTick(), endTick));
        if (op.invoked().timeTicks() + opTicks < limit) {
          needed = Math.max(needed, limit - opTicks - w.fromTick() - longestDelayTicks);
        }
      }
    }
    return needed;
  }

  /**
   * A client operation: its invocation, and the tick it completed ({@link Long#MAX_VALUE}: never).
   */
  record Op(HistoryEvent invoked, long doneTick) {
    /** "client c1's get(k) invoked at tick 10", for a check's message. */
    String named() {
      return "client c"
          + (invoked.process() + 1)
          + "'s "
          + invoked.f()
          + "("
          + invoked.key()
          + ") invoked at tick "
          + invoked.timeTicks();
    }
  }

  /**
   * The clients' operations (processes below {@code clients}) in the order they completed, then
   * those that never did.
   */
  static List<Op> operations(List<HistoryEvent> history, int clients) {
    List<Op> ops = new ArrayList<>();
    HistoryEvent[] open = new HistoryEvent[clients];
    for (HistoryEvent e : history) {
      if (e.process() >= clients) {
        continue;
      }
      if (e.type() == HistoryEvent.Type.INVOKE) {
        open[e.process()] = e;
      } else if (open[e.process()] != null) {
        ops.add(new Op(open[e.process()], e.timeTicks()));
        open[e.process()] = null;
      }
    }
    for (HistoryEvent invoked : open) {
      if (invoked != null) {
        ops.add(new Op(invoked, Long.MAX_VALUE));
      }
    }
    return ops;
  }

  /** The first window whose deadline the operation (completed at {@code doneTick}) missed. */
  private static String judge(
      SettledLatency bound,
      List<CalmWindow> windows,
      long longestDelayTicks,
      HistoryEvent invoked,
      long doneTick,
      long endTick) {
    for (CalmWindow w : windows) {
      long settled = w.fromTick() + longestDelayTicks + bound.settleTicks();
      long deadline = Math.max(invoked.timeTicks(), settled) + bound.opTicks();
      if (deadline < w.untilTick() && deadline < endTick && doneTick > deadline) {
        return describe(bound, w, settled, invoked, doneTick);
      }
    }
    return null;
  }

  private static String describe(
      SettledLatency bound, CalmWindow w, long settled, HistoryEvent invoked, long doneTick) {
    long deadline = Math.max(invoked.timeTicks(), settled) + bound.opTicks();
    return new Op(invoked, doneTick).named()
        + (doneTick == Long.MAX_VALUE ? " never completed" : " completed at tick " + doneTick)
        + ", after its deadline, tick "
        + deadline
        + ": a calm stretch (no fault from tick "
        + w.fromTick()
        + (w.untilTick() == Long.MAX_VALUE ? " on" : " to tick " + w.untilTick())
        + ") settled at tick "
        + settled
        + " (the longest message delay, then "
        + bound.settleTicks()
        + " ticks), and an operation then takes at most the protocol's calm latency bound of "
        + bound.opTicks()
        + " ticks"
        + (deadline == settled + bound.opTicks()
            ? " from the settle point"
            : " from its invocation");
  }
}
