package dev.faultline.sim.explore;

import dev.faultline.sim.api.Durable;
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

  /**
   * Only with {@link ExploreBounds#maxTimerRepeats}: pairs (timer fingerprint, times fired since
   * the node's last delivery), sorted by fingerprint; empty otherwise.
   */
  final long[] timerRepeats;

  /** Identity without {@link #timerRepeats} (what the handler produced). */
  final long baseFingerprint;

  /** Identity in the search: {@link #baseFingerprint} plus the repeat counts, if any. */
  final long fingerprint;

  static final long[] NO_REPEATS = new long[0];

  /**
   * With symmetry reduction: this slot's fingerprint renamed by each permutation ({@link
   * SymmetryReduction}), filled on first use. Racy by design under parallel BFS: every thread
   * computes the same values, and a record's final field publishes its array safely.
   */
  RenamedFingerprints renamed;

  /** Fingerprints by permutation index (index 0, the identity, is the slot's own). */
  record RenamedFingerprints(long[] byPermutation) {}

  NodeSlot(NodeState<?> state, Durable durable, long durableFingerprint, PendingTimer[] timers) {
    this(state, durable, durableFingerprint, timers, NO_REPEATS);
  }

  NodeSlot(
      NodeState<?> state,
      Durable durable,
      long durableFingerprint,
      PendingTimer[] timers,
      long[] timerRepeats) {
    this(state, durable, durableFingerprint, timers, timerRepeats, new FastSink());
  }

  /** With {@code scratch}, a sink this thread may reset and reuse (the explorer model's). */
  NodeSlot(
      NodeState<?> state,
      Durable durable,
      long durableFingerprint,
      PendingTimer[] timers,
      long[] timerRepeats,
      FastSink scratch) {
    this.state = state;
    this.durable = durable;
    this.durableFingerprint = durableFingerprint;
    this.timers = timers;
    this.timerRepeats = timerRepeats;
    FastSink h = scratch.reset();
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
    this.baseFingerprint = h.low();
    if (timerRepeats.length == 0) {
      this.fingerprint =
          baseFingerprint; // unbounded searches keep their identities (golden counts)
    } else {
      FastSink r = new FastSink();
      r.putLong(baseFingerprint);
      for (long x : timerRepeats) {
        r.putLong(x);
      }
      this.fingerprint = r.low();
    }
  }

  /** How often {@code timerFingerprint} fired since this node's last delivery (bounded mode). */
  int repeats(long timerFingerprint) {
    for (int k = 0; k < timerRepeats.length; k += 2) {
      if (timerRepeats[k] == timerFingerprint) {
        return (int) timerRepeats[k + 1];
      }
    }
    return 0;
  }

  /** The repeat pairs of timers still pending (order kept). */
  static long[] onlyPending(long[] repeats, PendingTimer[] timers) {
    long[] out = new long[repeats.length];
    int n = 0;
    for (int k = 0; k < repeats.length; k += 2) {
      for (PendingTimer t : timers) {
        if (t.fingerprint() == repeats[k]) {
          out[n++] = repeats[k];
          out[n++] = repeats[k + 1];
          break;
        }
      }
    }
    return n == repeats.length ? repeats : java.util.Arrays.copyOf(out, n);
  }

  /** The repeat pairs with {@code timerFingerprint}'s count one higher (kept sorted). */
  long[] repeatsAfterFiring(long timerFingerprint) {
    for (int k = 0; k < timerRepeats.length; k += 2) {
      if (timerRepeats[k] == timerFingerprint) {
        long[] out = timerRepeats.clone();
        out[k + 1]++;
        return out;
      }
    }
    long[] out = new long[timerRepeats.length + 2];
    int at = 0;
    while (at < timerRepeats.length && timerRepeats[at] < timerFingerprint) {
      at += 2;
    }
    System.arraycopy(timerRepeats, 0, out, 0, at);
    out[at] = timerFingerprint;
    out[at + 1] = 1;
    System.arraycopy(timerRepeats, at, out, at + 2, timerRepeats.length - at);
    return out;
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
    return durableFingerprint(durable, new FastSink());
  }

  /** {@link #durableFingerprint(Durable)} written into {@code scratch} (reset first). */
  static long durableFingerprint(Durable durable, FastSink scratch) {
    if (durable == null) {
      return 0;
    }
    FastSink h = scratch.reset();
    durable.fingerprint(h);
    return h.low();
  }
}
