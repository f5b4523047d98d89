package dev.faultline.sim.explore;

import java.util.Arrays;

/**
 * The visited set: an open-addressing hash table from 128-bit state fingerprints to an int (a state
 * id, or a depth). A slot is the fingerprint's two longs side by side in one array (one cache line
 * per probe) plus the value: 20 bytes, no boxing, no separate "used" flags (the all-zero
 * fingerprint marks an empty slot; a state whose fingerprint is all zero is stored as {@code (0,
 * 1)}, a 2^-128 merge). Kept at most three quarters full: 27-53 bytes per state.
 */
final class FingerprintTable {
  static final int ABSENT = Integer.MIN_VALUE;

  private long[] keys; // slot k: keys[2k] = high, keys[2k + 1] = low
  private int[] values;
  private int size;
  private int mask;
  private int growAt;

  FingerprintTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 4 / 3 + 1)) << 1;
    allocate(capacity);
  }

  private void allocate(int capacity) {
    keys = new long[2 * capacity];
    values = new int[capacity];
    mask = capacity - 1;
    growAt = capacity - capacity / 4;
  }

  int size() {
    return size;
  }

  /** Empties the table, keeping its capacity (a worker's per-batch scratch set). */
  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }

  /** Bytes the table holds now. */
  long bytes() {
    return (long) values.length * (8 + 8 + 4);
  }

  private static long lowOf(long hi, long lo) {
    return hi == 0 && lo == 0 ? 1 : lo;
  }

  /** The value stored for the fingerprint, or {@link #ABSENT}. */
  int get(long hi, long lo) {
    lo = lowOf(hi, lo);
    int slot = (int) (lo ^ (lo >>> 32)) & mask;
    while (true) {
      long h = keys[2 * slot];
      long l = keys[2 * slot + 1];
      if (l == lo && h == hi) {
        return values[slot];
      }
      if (h == 0 && l == 0) {
        return ABSENT;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Inserts or overwrites. Returns the previous value or {@link #ABSENT}. */
  int put(long hi, long lo, int value) {
    lo = lowOf(hi, lo);
    int slot = (int) (lo ^ (lo >>> 32)) & mask;
    while (true) {
      long h = keys[2 * slot];
      long l = keys[2 * slot + 1];
      if (l == lo && h == hi) {
        int old = values[slot];
        values[slot] = value;
        return old;
      }
      if (h == 0 && l == 0) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    keys[2 * slot] = hi;
    keys[2 * slot + 1] = lo;
    values[slot] = value;
    if (++size > growAt) {
      grow();
    }
    return ABSENT;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(oldValues.length * 2);
    size = 0;
    for (int k = 0; k < oldValues.length; k++) {
      long h = oldKeys[2 * k];
      long l = oldKeys[2 * k + 1];
      if (h != 0 || l != 0) {
        put(h, l, oldValues[k]);
      }
    }
  }
}
