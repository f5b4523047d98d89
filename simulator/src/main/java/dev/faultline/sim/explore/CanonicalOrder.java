package dev.faultline.sim.explore;

import java.util.Comparator;

/**
 * Keeps a state's in-flight messages and a node's timers in canonical order after a step by
 * inserting the few new elements into the already sorted rest, instead of sorting the whole array
 * again (a {@code TimSort} per step with a comparator call per pair was ~3.5 % of a Raft search).
 * The result is that of a stable sort of the old elements followed by the new ones in the order
 * they were made: equal elements keep old before new, and new ones keep their own order.
 */
final class CanonicalOrder {
  private CanonicalOrder() {}

  /** Timers by their pinned fingerprint (the order {@link NodeSlot#timers} keeps). */
  static final Comparator<PendingTimer> TIMERS =
      (a, b) -> Long.compare(a.fingerprint(), b.fingerprint());

  /**
   * Sorts {@code a[0, n)} stably, by insertion, where {@code a[0, sorted)} is already in order: the
   * arrays here hold a handful of elements, and the sorted part costs one comparison each.
   */
  static <T> void sortStable(T[] a, int sorted, int n, Comparator<? super T> order) {
    for (int i = Math.max(1, sorted); i < n; i++) {
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
   * {@code flight} without its first {@code consumed} (by identity; null: none), in a new array
   * with room for {@code extra} more elements after it.
   */
  static Envelope[] without(Envelope[] flight, Envelope consumed, int extra) {
    Envelope[] out = new Envelope[flight.length - (consumed == null ? 0 : 1) + extra];
    int k = 0;
    boolean removed = consumed == null;
    for (Envelope x : flight) {
      if (!removed && x == consumed) {
        removed = true;
      } else {
        out[k++] = x;
      }
    }
    if (!removed) {
      throw new IllegalStateException("envelope not in flight: " + consumed);
    }
    return out;
  }
}
