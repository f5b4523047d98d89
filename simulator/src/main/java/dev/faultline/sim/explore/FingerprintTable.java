package dev.faultline.sim.explore;

/**
 * The visited set: an open-addressing hash table from 128-bit state fingerprints to an int (a state
 * id, or a depth). Three flat arrays, 20 bytes a slot, kept at most half full; no boxing.
 */
final class FingerprintTable {
  static final int ABSENT = Integer.MIN_VALUE;

  private long[] high;
  private long[] low;
  private int[] values;
  private boolean[] used;
  private int size;
  private int mask;

  FingerprintTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    allocate(capacity);
  }

  private void allocate(int capacity) {
    high = new long[capacity];
    low = new long[capacity];
    values = new int[capacity];
    used = new boolean[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  /** Empties the table, keeping its capacity (a worker's per-batch scratch set). */
  void clear() {
    java.util.Arrays.fill(used, false);
    size = 0;
  }

  /** Bytes the table holds now. */
  long bytes() {
    return (long) high.length * (8 + 8 + 4 + 1);
  }

  /** The value stored for the fingerprint, or {@link #ABSENT}. */
  int get(long hi, long lo) {
    int slot = (int) (lo ^ (lo >>> 32)) & mask;
    while (used[slot]) {
      if (low[slot] == lo && high[slot] == hi) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    return ABSENT;
  }

  /** Inserts or overwrites. Returns the previous value or {@link #ABSENT}. */
  int put(long hi, long lo, int value) {
    int slot = (int) (lo ^ (lo >>> 32)) & mask;
    while (used[slot]) {
      if (low[slot] == lo && high[slot] == hi) {
        int old = values[slot];
        values[slot] = value;
        return old;
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    high[slot] = hi;
    low[slot] = lo;
    values[slot] = value;
    if (++size * 2 > high.length) {
      grow();
    }
    return ABSENT;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldValues = values;
    boolean[] oldUsed = used;
    allocate(oldHigh.length * 2);
    size = 0;
    for (int k = 0; k < oldHigh.length; k++) {
      if (oldUsed[k]) {
        put(oldHigh[k], oldLow[k], oldValues[k]);
      }
    }
  }
}
