package dev.faultline.sim.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The visited set: an open-addressing hash table from 128-bit state fingerprints to an int (a state
 * id, or a depth). A slot is the fingerprint's two longs side by side in one array (one cache line
 * per probe) plus the value: 20 bytes, no boxing, no separate "used" flags (a zero low word marks
 * an empty slot; a fingerprint whose low word is zero is stored with low word 1, which merges it
 * only with a state of the same high word and low word 1, a 2^-128 chance as for any two states).
 * Kept at most three quarters full: 27-53 bytes per state.
 *
 * <p>Two ways to write it, never mixed within one phase: {@link #put} from one thread (the
 * single-threaded searches), and {@link #claim} from several threads at once (parallel BFS, see
 * {@link ParallelBfsSearch}), which never resizes; the caller grows the table between rounds with
 * {@link #addClaimed}.
 */
final class FingerprintTable {
  static final int ABSENT = Integer.MIN_VALUE;

  /** {@link #claim}: the fingerprint was not in the table; the caller's claim now holds it. */
  static final int CLAIMED = -1;

  /** {@link #claim}: the state was claimed before this round: it is visited. */
  static final int VISITED_BEFORE = -2;

  /** {@link #claim}: this round's claim by an earlier parent (or earlier choice) holds it. */
  static final int CLAIMED_EARLIER = -3;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

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

  private static long lowOf(long lo) {
    return lo == 0 ? 1 : lo;
  }

  private int slotOf(long lo) {
    return (int) (lo ^ (lo >>> 32)) & mask;
  }

  /** The value stored for the fingerprint, or {@link #ABSENT}. */
  int get(long hi, long lo) {
    int slot = probe(hi, lowOf(lo));
    return slot >= 0 ? values[slot] : ABSENT;
  }

  /** Inserts or overwrites. Returns the previous value or {@link #ABSENT}. */
  int put(long hi, long lo, int value) {
    lo = lowOf(lo);
    int slot = probe(hi, lo);
    if (slot >= 0) {
      int old = values[slot];
      values[slot] = value;
      return old;
    }
    insert(-slot - 1, hi, lo, value);
    return ABSENT;
  }

  /**
   * Inserts unless present; true when it was absent. A hit reads only the fingerprint's slot: about
   * half of a search's successors were visited before, and reading or overwriting the value (a
   * separate array) was a second cache miss for each of them.
   */
  boolean add(long hi, long lo, int value) {
    lo = lowOf(lo);
    int slot = probe(hi, lo);
    if (slot >= 0) {
      return false;
    }
    insert(-slot - 1, hi, lo, value);
    return true;
  }

  /** The slot holding the fingerprint ({@code lo} already non-zero), else -(empty slot) - 1. */
  private int probe(long hi, long lo) {
    int slot = slotOf(lo);
    while (true) {
      long l = keys[2 * slot + 1];
      if (l == lo && keys[2 * slot] == hi) {
        return slot;
      }
      if (l == 0) {
        return -slot - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void insert(int slot, long hi, long lo, int value) {
    keys[2 * slot] = hi;
    keys[2 * slot + 1] = lo;
    values[slot] = value;
    if (++size > growAt) {
      grow();
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(oldValues.length * 2);
    size = 0;
    for (int k = 0; k < oldValues.length; k++) {
      long l = oldKeys[2 * k + 1];
      if (l != 0) {
        put(oldKeys[2 * k], l, oldValues[k]);
      }
    }
  }

  // ------------------------------------------------------------------ parallel BFS

  /**
   * Claims the fingerprint for a successor of parent {@code parentId} in a parallel BFS round whose
   * parents are the ids from {@code roundFirstParent} on; safe from several threads at once. The
   * value stored is the claiming parent's id (plus 2, so that 0 means "being written"); a claim by
   * a smaller parent id replaces a larger one, so when the round ends each fingerprint first
   * reached in the round is held by its first finder in canonical order (parent id, then choice: a
   * parent's choices run in order on one thread, and an equal id never replaces), as in the
   * one-thread search. Returns {@link #CLAIMED} (new), {@link #VISITED_BEFORE}, {@link
   * #CLAIMED_EARLIER}, or the id of the parent whose claim this one replaced. Does not count or
   * resize: see {@link #addClaimed}.
   */
  int claim(long hi, long lo, int parentId, int roundFirstParent) {
    lo = lowOf(lo);
    int mine = parentId + 2;
    for (int slot = slotOf(lo), probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
      long l = (long) LONGS.getAcquire(keys, 2 * slot + 1);
      if (l == 0) {
        if (LONGS.compareAndSet(keys, 2 * slot + 1, 0L, lo)) {
          keys[2 * slot] = hi; // published by the release below
          INTS.setRelease(values, slot, mine);
          return CLAIMED;
        }
        l = (long) LONGS.getAcquire(keys, 2 * slot + 1);
      }
      if (l == lo) {
        int held = published(slot);
        if (keys[2 * slot] == hi) {
          return claimHeld(slot, held, mine, roundFirstParent);
        }
      }
    }
    throw new IllegalStateException("visited set full (" + values.length + " slots)");
  }

  /** The value of a slot whose low word is set, once its writer has published it. */
  private int published(int slot) {
    int spins = 0;
    int held;
    while ((held = (int) INTS.getAcquire(values, slot)) == 0) {
      if (++spins % 1024 == 0) {
        Thread.yield(); // the writer was descheduled between its two writes
      } else {
        Thread.onSpinWait();
      }
    }
    return held;
  }

  private int claimHeld(int slot, int held, int mine, int roundFirstParent) {
    while (true) {
      int holder = held - 2;
      if (holder < roundFirstParent) {
        return VISITED_BEFORE;
      }
      if (held <= mine) {
        return CLAIMED_EARLIER;
      }
      if (INTS.compareAndSet(values, slot, held, mine)) {
        return holder;
      }
      held = (int) INTS.getAcquire(values, slot);
    }
  }

  /**
   * Counts {@code n} fingerprints claimed since the last call and grows the table as {@link #put}
   * would have; only while no claim runs.
   */
  void addClaimed(int n) {
    size += n;
    while (size > growAt) {
      grow();
    }
  }

  /**
   * Grows to the capacity {@link #put} would have reached at {@code n} entries; only between
   * rounds.
   */
  void reserveFor(int n) {
    while (n > growAt) {
      grow();
    }
  }

  /** Whether {@code more} claims fit before the table must grow. */
  int claimsBeforeGrowth() {
    return Math.max(0, growAt - size);
  }
}
