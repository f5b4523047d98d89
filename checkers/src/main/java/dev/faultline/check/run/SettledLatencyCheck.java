package dev.faultline.check.run;

import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import java.util.List;

/**
 * Checks a protocol's {@link SettledLatency} bound on a finished run: every client operation
 * invoked at {@code t} completes by {@code max(t, quiet + settleTicks) + opTicks}, where {@code
 * quiet} is the last fault plus the longest time a message sent before it can still be on the wire.
 * Runs after liveness held (every operation completed).
 */
public final class SettledLatencyCheck {
  private SettledLatencyCheck() {}

  /**
   * The first tick at which nothing sent while faults acted can still arrive: {@code lastFaultTick}
   * plus the longest delay any network of the plan allows (latency, plus hold or reorder delay) or
   * a scripted hold adds.
   */
  public static long quietTick(RunPlan plan, long lastFaultTick) {
    return Math.max(lastFaultTick, plan.durationTicks()) + longestDelay(plan);
  }

  /**
   * The longest a message can take in this plan: the longest delay any of its networks allows
   * (latency, plus hold or reorder delay), or the base latency plus a scripted hold.
   */
  public static long longestDelay(RunPlan plan) {
    long delay = maxDelay(plan.network());
    for (ScheduledFault f : plan.faults()) {
      switch (f.fault()) {
        case Fault.SetNetwork s -> delay = Math.max(delay, maxDelay(s.network()));
        case Fault.HoldMessages h ->
            delay = Math.max(delay, plan.network().latency().maxTicks() + h.holdTicks());
        default -> {}
      }
    }
    return delay;
  }

  private static long maxDelay(NetworkConfig n) {
    return n.latency().maxTicks() + n.holdTicksMax() + n.reorderTicksMax();
  }

  /** Null when every operation met the bound, else a sentence naming the first that did not. */
  public static String check(
      SettledLatency bound, List<HistoryEvent> history, int clients, long quietTick) {
    long settled = quietTick + bound.settleTicks();
    for (CalmLatencyCheck.Op op : CalmLatencyCheck.operations(history, clients)) {
      HistoryEvent invoked = op.invoked();
      if (op.doneTick() == Long.MAX_VALUE) {
        continue; // never completed: liveness's to judge
      }
      long from = Math.max(invoked.timeTicks(), settled);
      long done = op.doneTick();
      if (done - from > bound.opTicks()) {
        return op.named()
            + " completed at tick "
            + done
            + ", "
            + (done - from)
            + " ticks after "
            + (from == settled ? "the cluster settled (tick " + settled + ")" : "its invocation")
            + ": beyond the protocol's settled latency bound of "
            + bound.opTicks()
            + " ticks (faults stopped and the network was quiet from tick "
            + quietTick
            + ", settle "
            + bound.settleTicks()
            + " ticks)";
      }
    }
    return null;
  }
}
