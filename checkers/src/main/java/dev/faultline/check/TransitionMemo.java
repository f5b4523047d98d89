package dev.faultline.check;

import java.util.Arrays;

/**
 * What the search learned per (interned state, operation): the state the operation leads to (or
 * that it is illegal there) and, for a completed read, whether it is dead there (illegal, and no
 * non-reset operation can make it legal). After every write it places, the look-ahead asks about
 * each read near the front of the history from the new state, and about the pending resets before
 * it; probing a hash map per pair (and growing it) was half of a kv check. Here a lookup reads an
 * int from a small array per state and group of {@value #GROUP} operations, which the look-ahead
 * visits in order; memory grows with the (state, group) pairs asked about, not with states times
 * operations.
 */
final class TransitionMemo {
  /** {@link #get}'s answer for a pair nothing is known about. */
  static final int UNKNOWN = Integer.MIN_VALUE;

  private static final int DEAD_KNOWN = 1 << 30;
  private static final int DEAD = 1 << 29;
  private static final int AFTER = DEAD - 1; // after-state + 2: 0 unknown, 1 illegal

  private static final int GROUP_BITS = 6;
  private static final int GROUP = 1 << GROUP_BITS;

  private final int groups;
  private int[][][] byState = new int[16][][]; // [state][op / GROUP][op % GROUP]

  /** A memo for operations numbered 0 .. {@code ops - 1}. */
  TransitionMemo(int ops) {
    groups = (ops + GROUP - 1) >>> GROUP_BITS;
  }

  /** The state {@code op} leads to from {@code state}, -1 if illegal, or {@link #UNKNOWN}. */
  int after(int state, int op) {
    int bits = bits(state, op);
    return (bits & AFTER) == 0 ? UNKNOWN : (bits & AFTER) - 2;
  }

  void putAfter(int state, int op, int after) {
    if (after + 2 > AFTER) {
      throw new IllegalStateException("too many model states: " + after);
    }
    int[] group = group(state, op);
    group[op & (GROUP - 1)] |= after + 2;
  }

  /** 1 if read {@code op} is dead in {@code state}, 0 if not, -1 if unknown. */
  int dead(int state, int op) {
    int bits = bits(state, op);
    return (bits & DEAD_KNOWN) == 0 ? -1 : (bits & DEAD) != 0 ? 1 : 0;
  }

  void putDead(int state, int op, boolean dead) {
    int[] group = group(state, op);
    group[op & (GROUP - 1)] |= DEAD_KNOWN | (dead ? DEAD : 0);
  }

  private int bits(int state, int op) {
    if (state >= byState.length) {
      return 0;
    }
    int[][] row = byState[state];
    if (row == null) {
      return 0;
    }
    int[] group = row[op >>> GROUP_BITS];
    return group == null ? 0 : group[op & (GROUP - 1)];
  }

  private int[] group(int state, int op) {
    if (state >= byState.length) {
      byState = Arrays.copyOf(byState, Math.max(state + 1, 2 * byState.length));
    }
    int[][] row = byState[state];
    if (row == null) {
      row = new int[groups][];
      byState[state] = row;
    }
    int[] group = row[op >>> GROUP_BITS];
    if (group == null) {
      group = new int[GROUP];
      row[op >>> GROUP_BITS] = group;
    }
    return group;
  }
}
