package dev.faultline.sim.explore;

import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.HistoryEvent;
import java.util.Arrays;
import java.util.List;

/**
 * The client history along one path, immutable, with a running hash. The history is part of a
 * search state: two paths that reach the same node states with invocations in a different real-time
 * order are different states for linearizability. By default the hash is of the event sequence;
 * {@link #empty(boolean) by real-time order} it is {@link RealTimeOrderHash}'s (histories with the
 * same operations and the same real-time order are one state).
 */
final class HistoryLog {
  private static final long SEED = 0x9E3779B97F4A7C15L;
  static final HistoryLog EMPTY = new HistoryLog(new HistoryEvent[0], null, SEED, false);
  private static final HistoryLog EMPTY_BY_REAL_TIME_ORDER =
      new HistoryLog(new HistoryEvent[0], new long[0], SEED, true);

  private final HistoryEvent[] events;

  /**
   * By real-time order only: each event's fingerprint (stamp left out), computed once when the
   * event is appended. The real-time-order hash is recomputed over the whole history on every
   * append, and fingerprinting every event again was a fifth of a Paxos search's CPU.
   */
  private final long[] eventFps;

  final long hash;
  private final boolean byRealTimeOrder;
  private List<HistoryEvent> view; // lazily built read-only view of events

  private HistoryLog(HistoryEvent[] events, long[] eventFps, long hash, boolean byRealTimeOrder) {
    this.events = events;
    this.eventFps = eventFps;
    this.hash = hash;
    this.byRealTimeOrder = byRealTimeOrder;
  }

  /** The empty history; {@code byRealTimeOrder}: identified by real-time order, not sequence. */
  static HistoryLog empty(boolean byRealTimeOrder) {
    return byRealTimeOrder ? EMPTY_BY_REAL_TIME_ORDER : EMPTY;
  }

  HistoryLog append(HistoryEvent event) {
    HistoryEvent[] more = Arrays.copyOf(events, events.length + 1);
    more[events.length] = event;
    // The stamp (logical time) is not part of the event's identity: order is what matters.
    long eventFp = Fingerprints.of(event.atTick(-1));
    if (byRealTimeOrder) {
      long[] fps = Arrays.copyOf(eventFps, eventFps.length + 1);
      fps[eventFps.length] = eventFp;
      return new HistoryLog(more, fps, RealTimeOrderHash.of(more, fps), true);
    }
    return new HistoryLog(more, null, dev.faultline.sim.rand.Rng.mix(hash * 31 + eventFp), false);
  }

  int size() {
    return events.length;
  }

  /**
   * The events as an unmodifiable list, built once per log: sibling states share their log, so
   * invariants comparing histories (e.g. linearizability's memo) hit the identity fast path.
   */
  List<HistoryEvent> events() {
    List<HistoryEvent> list = view;
    if (list == null) {
      list = java.util.Collections.unmodifiableList(Arrays.asList(events));
      view = list;
    }
    return list;
  }
}
