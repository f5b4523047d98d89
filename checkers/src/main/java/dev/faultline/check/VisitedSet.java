package dev.faultline.check;

import java.util.Arrays;

/**
 * Lowe's memo of configurations already explored, keyed by (completed operations linearized, model
 * state), with subsumption on indeterminate operations.
 *
 * <p>A configuration is the set of linearized completed operations C, the set of linearized
 * indeterminate operations I, and the state. Which operations may be linearized next depends only
 * on C (indeterminate operations have no return event), and an indeterminate operation may always
 * be left out. So a configuration (C, I, s) can do everything (C, I', s) can when I is a subset of
 * I'. A configuration is therefore pruned when one with the same C and state and a subset of its
 * indeterminate operations was seen before ("subsumed by one with fewer crashed ops placed").
 *
 * <p>C is identified by a 128-bit Zobrist fingerprint; when the partition is small enough ({@code
 * exact}) the bitset itself is stored and compared too, so a hash collision can never prune. For
 * huge partitions only the fingerprint is kept: a collision (probability about n^2 / 2^128) could
 * only prune a branch, i.e. turn a verdict into "not linearizable", never into "linearizable".
 */
final class VisitedSet {
  private final int cWords;
  private final int iWords;
  private final boolean exact;

  private int[] table; // slot -> key index + 1 (0 = empty)
  private int mask;

  private static final int PRESIZED_KEYS_MAX = 4096;

  private long[] keyH1;
  private long[] keyH2;
  private int[] keyState;
  private int[] keyHead; // first subset entry of the key's chain
  private long[] keyBits; // exact C bitsets, cWords per key
  private int keys;

  private long[] entryBits; // I bitsets, iWords per entry
  private int[] entryNext;
  private int entries;

  VisitedSet(int cWords, int iWords, boolean exact) {
    this(cWords, iWords, exact, 64);
  }

  /**
   * As above, with room for about {@code expectedKeys} configurations before the arrays grow
   * (capped at {@value #PRESIZED_KEYS_MAX}): a search of n operations usually records about n, and
   * growing by doubling from 64 copied every array several times.
   */
  VisitedSet(int cWords, int iWords, boolean exact, int expectedKeys) {
    this.cWords = cWords;
    this.iWords = iWords;
    this.exact = exact;
    int wanted = Math.min(expectedKeys, PRESIZED_KEYS_MAX);
    int keyRoom = Math.max(64, wanted <= 1 ? 1 : Integer.highestOneBit(wanted - 1) << 1);
    table = new int[4 * keyRoom];
    mask = table.length - 1;
    keyH1 = new long[keyRoom];
    keyH2 = new long[keyRoom];
    keyState = new int[keyRoom];
    keyHead = new int[keyRoom];
    keyBits = exact ? new long[keyRoom * cWords] : new long[0];
    entryBits = new long[iWords == 0 ? 0 : 64 * iWords];
    entryNext = new int[iWords == 0 ? 0 : 64];
  }

  /** Records the configuration; false when it (or one that subsumes it) was seen before. */
  boolean add(long h1, long h2, int state, long[] cBits, long[] iBits) {
    int slot = slotOf(h1, state);
    while (true) {
      int k = table[slot] - 1;
      if (k < 0) {
        insertKey(slot, h1, h2, state, cBits, iBits);
        return true;
      }
      if (keyH1[k] == h1 && keyH2[k] == h2 && keyState[k] == state && sameBits(k, cBits)) {
        if (iWords == 0) {
          return false;
        }
        for (int e = keyHead[k]; e >= 0; e = entryNext[e]) {
          if (subsetOf(e, iBits)) {
            return false;
          }
        }
        keyHead[k] = newEntry(iBits, keyHead[k]);
        return true;
      }
      slot = (slot + 1) & mask;
    }
  }

  int size() {
    return keys + entries;
  }

  /** Approximate bytes held, for reporting. */
  long bytes() {
    return 4L * table.length
        + 28L * keyH1.length
        + 8L * keyBits.length
        + 8L * entryBits.length
        + 4L * entryNext.length;
  }

  private int slotOf(long h1, int state) {
    return (int) Zobrist.mix(h1 ^ (state * 0x9E3779B97F4A7C15L)) & mask;
  }

  private boolean sameBits(int k, long[] cBits) {
    if (!exact) {
      return true;
    }
    int base = k * cWords;
    for (int w = 0; w < cWords; w++) {
      if (keyBits[base + w] != cBits[w]) {
        return false;
      }
    }
    return true;
  }

  private boolean subsetOf(int e, long[] iBits) {
    int base = e * iWords;
    for (int w = 0; w < iWords; w++) {
      if ((entryBits[base + w] & ~iBits[w]) != 0) {
        return false;
      }
    }
    return true;
  }

  private void insertKey(int slot, long h1, long h2, int state, long[] cBits, long[] iBits) {
    if (keys == keyH1.length) {
      int cap = keys * 2;
      keyH1 = Arrays.copyOf(keyH1, cap);
      keyH2 = Arrays.copyOf(keyH2, cap);
      keyState = Arrays.copyOf(keyState, cap);
      keyHead = Arrays.copyOf(keyHead, cap);
      if (exact) {
        keyBits = Arrays.copyOf(keyBits, cap * cWords);
      }
    }
    int k = keys++;
    keyH1[k] = h1;
    keyH2[k] = h2;
    keyState[k] = state;
    if (exact) {
      System.arraycopy(cBits, 0, keyBits, k * cWords, cWords);
    }
    keyHead[k] = iWords == 0 ? -1 : newEntry(iBits, -1);
    table[slot] = k + 1;
    if (keys * 2 > table.length) {
      rehash();
    }
  }

  private int newEntry(long[] iBits, int next) {
    if (entries == entryNext.length) {
      entryNext = Arrays.copyOf(entryNext, entries * 2);
      entryBits = Arrays.copyOf(entryBits, entries * 2 * iWords);
    }
    int e = entries++;
    System.arraycopy(iBits, 0, entryBits, e * iWords, iWords);
    entryNext[e] = next;
    return e;
  }

  private void rehash() {
    table = new int[table.length * 2];
    mask = table.length - 1;
    for (int k = 0; k < keys; k++) {
      int slot = slotOf(keyH1[k], keyState[k]);
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = k + 1;
    }
  }
}
