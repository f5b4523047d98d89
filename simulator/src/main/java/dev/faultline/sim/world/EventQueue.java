package dev.faultline.sim.world;

/**
 * The world's event queue, ordered by (tick, seq): a timing wheel of {@value #WHEEL_TICKS} one-tick
 * buckets for the near future, plus a binary heap ({@link EventHeap}) for events further out.
 *
 * <p>Why this is exact: the world stamps every event with the next sequence number at the moment it
 * adds it, so within one tick, insertion order is seq order and a FIFO bucket per tick needs no
 * comparisons. Far events move into the wheel (in heap order) as soon as their tick enters the
 * window, i.e. before any event for that tick can be added directly, so they keep their place ahead
 * of later insertions. Adding and polling are O(1) for the near future (message latencies, short
 * timers), which is where a simulation's events are; the heap holds long timers and holds.
 *
 * <p>Invariant: every event in the wheel has a tick in [base, base + WHEEL_TICKS); every event in
 * the heap has a tick at or beyond base + WHEEL_TICKS; base only moves forward, in {@link #poll}.
 */
final class EventQueue {
  static final int WHEEL_TICKS = 4096;
  private static final int MASK = WHEEL_TICKS - 1;

  private final Event[] heads = new Event[WHEEL_TICKS];
  private final Event[] tails = new Event[WHEEL_TICKS];
  private final long[] occupied = new long[WHEEL_TICKS / 64]; // bit per non-empty bucket
  private final EventHeap far = new EventHeap();
  private long base;
  private int inWheel;

  int size() {
    return inWheel + far.size();
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** Adds {@code e}; its tick must not be before the last polled event's tick. */
  void add(Event e) {
    if (e.tick < base) {
      throw new IllegalStateException("event at tick " + e.tick + " is before the queue's " + base);
    }
    if (e.tick - base < WHEEL_TICKS) {
      append(e);
    } else {
      far.add(e);
    }
  }

  /** The next event without removing it, or null. Does not move time. */
  Event peek() {
    if (inWheel == 0) {
      return far.peek();
    }
    return heads[(int) (nextTick() & MASK)];
  }

  /** Removes and returns the next event, or null. */
  Event poll() {
    if (inWheel == 0) {
      Event first = far.peek();
      if (first == null) {
        return null;
      }
      advanceTo(first.tick);
    }
    long tick = nextTick();
    if (tick != base) {
      advanceTo(tick);
    }
    int b = (int) (tick & MASK);
    Event e = heads[b];
    Event next = e.next;
    heads[b] = next;
    if (next == null) {
      tails[b] = null;
      occupied[b >>> 6] &= ~(1L << b);
    }
    e.next = null;
    inWheel--;
    return e;
  }

  private void append(Event e) {
    int b = (int) (e.tick & MASK);
    Event tail = tails[b];
    if (tail == null) {
      heads[b] = e;
      occupied[b >>> 6] |= 1L << b;
    } else {
      tail.next = e;
    }
    tails[b] = e;
    inWheel++;
  }

  /** Moves the window start to {@code tick} and pulls far events that now fall inside it. */
  private void advanceTo(long tick) {
    base = tick;
    long end = base + WHEEL_TICKS;
    Event f;
    while ((f = far.peek()) != null && f.tick < end) {
      append(far.poll());
    }
  }

  /** The tick of the first non-empty bucket at or after base (the wheel must be non-empty). */
  private long nextTick() {
    int start = (int) (base & MASK);
    int word = start >>> 6;
    long bits = occupied[word] & (-1L << start); // bits at or after start in its word
    int words = occupied.length;
    for (int k = 0; k <= words; k++) {
      if (bits != 0) {
        int bucket = (word << 6) | Long.numberOfTrailingZeros(bits);
        return base + ((bucket - start) & MASK);
      }
      word = (word + 1) & (words - 1);
      bits = occupied[word];
    }
    throw new IllegalStateException("wheel count says non-empty but no bucket is occupied");
  }
}
