package dev.faultline.check;

import java.util.Arrays;

/** An open-addressing map from long keys to int values, with no boxing (transition memo). */
final class LongIntMap {
  static final int MISSING = Integer.MIN_VALUE;
  private long[] keys; // stored as key + 1 so that 0 marks an empty slot
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    mask = cap - 1;
  }

  int get(long key) {
    long k = key + 1;
    int slot = (int) Zobrist.mix(k) & mask;
    while (true) {
      long s = keys[slot];
      if (s == k) {
        return values[slot];
      }
      if (s == 0) {
        return MISSING;
      }
      slot = (slot + 1) & mask;
    }
  }

  void put(long key, int value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    long k = key + 1;
    int slot = (int) Zobrist.mix(k) & mask;
    while (keys[slot] != 0 && keys[slot] != k) {
      slot = (slot + 1) & mask;
    }
    if (keys[slot] == 0) {
      size++;
    }
    keys[slot] = k;
    values[slot] = value;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long k = oldKeys[i];
      if (k != 0) {
        int slot = (int) Zobrist.mix(k) & mask;
        while (keys[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = k;
        values[slot] = oldValues[i];
      }
    }
  }

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }
}
