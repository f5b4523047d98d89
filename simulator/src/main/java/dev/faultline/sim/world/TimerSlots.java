package dev.faultline.sim.world;

import dev.faultline.sim.api.Timer;
import java.util.Arrays;

/**
 * One node's pending timers: at most one per equal {@link Timer} value. A node has a handful of
 * timer kinds, so a linear scan with {@code equals} beats a HashMap on the hot path, and it keeps
 * every operation in insertion order (nothing hash-ordered can leak into a run).
 */
final class TimerSlots {
  private Timer[] keys = new Timer[4];
  private Event[] events = new Event[4];
  private int size;

  /** The pending event for {@code timer}, or null. */
  Event get(Timer timer) {
    int k = find(timer);
    return k < 0 ? null : events[k];
  }

  /** Arms {@code e} for {@code timer}; the replaced event (if any) is marked cancelled. */
  void put(Timer timer, Event e) {
    int k = find(timer);
    if (k >= 0) {
      events[k].cancelled = true;
      events[k] = e;
      return;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      events = Arrays.copyOf(events, size * 2);
    }
    keys[size] = timer;
    events[size] = e;
    size++;
  }

  /** Disarms {@code timer}; its event is marked cancelled. Returns whether one was pending. */
  boolean cancel(Timer timer) {
    int k = find(timer);
    if (k < 0) {
      return false;
    }
    events[k].cancelled = true;
    removeAt(k);
    return true;
  }

  /** Forgets {@code e} after it fired, if it is still the pending one for its timer. */
  boolean removeIfCurrent(Timer timer, Event e) {
    int k = find(timer);
    if (k < 0 || events[k] != e) {
      return false;
    }
    removeAt(k);
    return true;
  }

  /** A crash: every pending timer is lost. */
  void cancelAll() {
    for (int k = 0; k < size; k++) {
      events[k].cancelled = true;
      keys[k] = null;
      events[k] = null;
    }
    size = 0;
  }

  int size() {
    return size;
  }

  private int find(Timer timer) {
    for (int k = 0; k < size; k++) {
      Timer key = keys[k];
      // Timers are records, so two of different classes are never equal: the class test skips
      // the (megamorphic, not inlined) equals call for the node's other timer kinds.
      if (key == timer || (key.getClass() == timer.getClass() && key.equals(timer))) {
        return k;
      }
    }
    return -1;
  }

  private void removeAt(int k) {
    int last = size - 1;
    // Keep order: shift down (sizes are tiny).
    System.arraycopy(keys, k + 1, keys, k, last - k);
    System.arraycopy(events, k + 1, events, k, last - k);
    keys[last] = null;
    events[last] = null;
    size = last;
  }
}
