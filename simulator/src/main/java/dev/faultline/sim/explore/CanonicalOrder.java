package dev.faultline.sim.explore;

import java.util.Comparator;

/**
 * Keeps a state's in-flight messages and a node's timers in canonical order after a step by merging
 * the few new elements into the already sorted rest, instead of sorting the whole array again (a
 * {@code TimSort} per step with a comparator call per pair was ~3.5 % of a Raft search). Both give
 * the order of a stable sort of the old elements followed by the new ones in the order they were
 * made: equal elements keep old before new, and new ones keep their own order.
 */
final class CanonicalOrder {
  private CanonicalOrder() {}

  /** Timers by their pinned fingerprint (the order {@link NodeSlot#timers} keeps). */
  static final Comparator<PendingTimer> TIMERS =
      (a, b) -> Long.compare(a.fingerprint(), b.fingerprint());

  /** A stable insertion sort of {@code a[0, n)}: the arrays here hold a handful of elements. */
  static <T> void sortStable(T[] a, int n, Comparator<? super T> order) {
    for (int i = 1; i < n; i++) {
      T x = a[i];
      int j = i - 1;
      while (j >= 0 && order.compare(a[j], x) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
  }

  /**
   * {@code flight} (sorted) without its first {@code consumed} (by identity; null: none), merged
   * with {@code added} (sorted here), as one new sorted array.
   */
  static Envelope[] merged(Envelope[] flight, Envelope consumed, Envelope[] added) {
    int skipAt = consumed == null ? -1 : indexOf(flight, consumed);
    sortStable(added, added.length, Envelope::compare);
    Envelope[] out = new Envelope[flight.length - (consumed == null ? 0 : 1) + added.length];
    int i = 0;
    int j = 0;
    for (int k = 0; k < out.length; k++) {
      if (i == skipAt) {
        i++;
      }
      if (j == added.length || (i < flight.length && Envelope.compare(flight[i], added[j]) <= 0)) {
        out[k] = flight[i++];
      } else {
        out[k] = added[j++];
      }
    }
    return out;
  }

  private static int indexOf(Envelope[] flight, Envelope e) {
    for (int i = 0; i < flight.length; i++) {
      if (flight[i] == e) {
        return i;
      }
    }
    throw new IllegalStateException("envelope not in flight: " + e);
  }
}
