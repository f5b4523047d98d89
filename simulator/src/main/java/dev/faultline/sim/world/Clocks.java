package dev.faultline.sim.world;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.trace.TraceEvent;

/**
 * Per-node local clocks: local = true + offset + floor(true * driftPpm / 1e6). A drift change folds
 * the error accumulated so far into the offset, so the clock never jumps; a skew sets the current
 * error. Timer delays are local durations, converted with the drift in force when set.
 */
final class Clocks {
  /** Bounds that keep clock arithmetic (true ticks x ppm) far from long overflow. */
  static final long MAX_DRIFT_PPM = 1_000_000_000L;

  static final long MAX_CLOCK_ERROR_TICKS = 1L << 50;

  private final WorldState w;
  private final long[] offsetTicks;
  private final long[] driftPpm;

  Clocks(WorldState w) {
    this.w = w;
    this.offsetTicks = new long[w.size()];
    this.driftPpm = new long[w.size()];
  }

  /** The clock now reads offsetTicks ahead of true time (behind if negative); drift keeps on. */
  void skew(int i, long offset) {
    offsetTicks[i] = offset - driftErrorTicks(i);
    emitClock(i);
  }

  void drift(int i, long ppm) {
    // Keep the local clock continuous: fold the drift so far into the offset.
    offsetTicks[i] += driftErrorTicks(i);
    offsetTicks[i] -= Math.floorDiv(Math.multiplyExact(w.now, ppm), 1_000_000L);
    driftPpm[i] = ppm;
    emitClock(i);
  }

  /** Sets a skewed or drifting clock back to true time (stabilize). */
  void reset(int i) {
    if (offsetTicks[i] != 0 || driftPpm[i] != 0) {
      offsetTicks[i] = 0;
      driftPpm[i] = 0;
      emitClock(i);
    }
  }

  /** The reading a node gets now: its local time plus or minus the configured uncertainty. */
  ClockReading reading(int i) {
    long local = localTime(i);
    long eps = w.config.clock().uncertaintyTicks();
    return new ClockReading(local - eps, local + eps);
  }

  /** Local-clock ticks to true ticks for a timer, under the node's drift. */
  long trueDelay(int i, long localTicks) {
    long drift = driftPpm[i];
    if (drift == 0) {
      return localTicks;
    }
    long rate = 1_000_000L + drift;
    return Math.max(0, Math.floorDiv(localTicks * 1_000_000L + rate - 1, rate));
  }

  private long driftErrorTicks(int i) {
    long drift = driftPpm[i];
    return drift == 0 ? 0 : Math.floorDiv(Math.multiplyExact(w.now, drift), 1_000_000L);
  }

  private long localTime(int i) {
    return w.now + offsetTicks[i] + driftErrorTicks(i);
  }

  private void emitClock(int i) {
    long error = offsetTicks[i] + driftErrorTicks(i);
    boolean within = Math.abs(error) <= w.config.clock().uncertaintyTicks();
    w.emit(new TraceEvent.ClockChange(w.now, w.ids[i], offsetTicks[i], driftPpm[i], error, within));
  }
}
