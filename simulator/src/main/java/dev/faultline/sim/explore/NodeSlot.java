package dev.faultline.sim.explore;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeState;

/**
 * One node inside a search state, never mutated once built: its volatile state (null while
 * crashed), what it persisted, and its pending timers sorted by fingerprint. Search states share
 * slots; stepping a node builds a new slot for that node only (copy-on-write).
 */
final class NodeSlot {
  static final PendingTimer[] NO_TIMERS = new PendingTimer[0];

  final NodeState<?> state;
  final Durable durable;
  final PendingTimer[] timers;
  final long durableFingerprint;
  final long fingerprint;

  NodeSlot(NodeState<?> state, Durable durable, long durableFingerprint, PendingTimer[] timers) {
    this.state = state;
    this.durable = durable;
    this.durableFingerprint = durableFingerprint;
    this.timers = timers;
    FastSink h = new FastSink();
    if (state == null) {
      h.putByte((byte) 0);
    } else {
      h.putByte((byte) 1);
      state.fingerprint(h);
    }
    h.putLong(durableFingerprint);
    h.putInt(timers.length);
    for (PendingTimer t : timers) {
      h.putLong(t.fingerprint()).putLong(t.minTicks()).putLong(t.maxTicks());
    }
    this.fingerprint = h.low();
  }

  boolean up() {
    return state != null;
  }

  /** In-memory identity of a node state ({@link FastSink}, not the pinned hash). */
  static long stateFingerprint(NodeState<?> state) {
    FastSink h = new FastSink();
    state.fingerprint(h);
    return h.low();
  }

  static long durableFingerprint(Durable durable) {
    if (durable == null) {
      return 0;
    }
    FastSink h = new FastSink();
    Fingerprints.put(h, durable);
    return h.low();
  }
}
