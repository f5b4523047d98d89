package dev.faultline.sim.world;

import java.util.Arrays;

/**
 * A binary min-heap of events ordered by (tick, seq): the far-future overflow of {@link
 * EventQueue}. Hand-written rather than java.util.PriorityQueue to avoid comparator indirection;
 * the seq makes ties deterministic.
 */
final class EventHeap {
  private Event[] heap = new Event[1024];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  Event peek() {
    return size == 0 ? null : heap[0];
  }

  void add(Event e) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Event p = heap[parent];
      if (!before(e, p)) {
        break;
      }
      heap[i] = p;
      i = parent;
    }
    heap[i] = e;
  }

  Event poll() {
    if (size == 0) {
      return null;
    }
    Event top = heap[0];
    Event last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      int i = 0;
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        Event c = heap[child];
        int right = child + 1;
        if (right < size && before(heap[right], c)) {
          child = right;
          c = heap[child];
        }
        if (!before(c, last)) {
          break;
        }
        heap[i] = c;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  private static boolean before(Event a, Event b) {
    return a.tick < b.tick || (a.tick == b.tick && a.seq < b.seq);
  }
}
