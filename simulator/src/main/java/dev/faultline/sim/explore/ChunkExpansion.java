package dev.faultline.sim.explore;

import java.util.Arrays;

/**
 * What one worker found expanding one chunk of a parallel BFS round (consecutive parent ids), in
 * canonical order -- parent id, then choice index -- for the round's sequential pass ({@link
 * ParallelBfsSearch}) to number, queue and stop exactly where the one-thread search would.
 *
 * <p>A claim is a successor that was new to the visited set when the worker claimed it ({@link
 * FingerprintTable#claim}). A claim by an earlier parent in another chunk can replace it later in
 * the round; {@link BfsWorkers#markReplaced} then marks it {@link #DEAD} (and {@link #EDGE} if the
 * replacing worker found that step breaking a transition property). For each claim the worker
 * already computed, while the state was in its cache, what the one-thread search computes when it
 * finds a new state: the invariant verdict against the parent, the goals it reaches, and at the
 * depth bound whether it has an enabled choice. It also kept the step count and bound bits up to
 * each claim, so the pass can stop at any claim with the one-thread search's counts.
 */
final class ChunkExpansion {
  static final byte DEAD = 1;
  static final byte CUT_HAS_CHOICES = 2;

  /**
   * Not a claim: a step into an already visited state that broke a transition property (verdict
   * set); the caller reports it where the one-thread search does, and never numbers it.
   */
  static final byte EDGE = 4;

  final int firstParent;

  /** Parents in the chunk (ids firstParent ..): chunks vary in size within a round. */
  final int parents;

  /** The most choices one of the chunk's parents had (sizes later chunks: see BfsWorkers). */
  int maxChoices;

  /** Non-null successors of the chunk's expanded parents (up to a handler failure). */
  int generated;

  /**
   * Bound bits (ExploreModel.HIT_*) the chunk's steps and choice listings set first in their
   * worker.
   */
  int boundsBits;

  /** Claims that added a fingerprint to the visited set (not replacing a claim of the round). */
  int newKeys;

  int claims;
  SearchState[] next;
  int[] parentIds;
  int[] choiceIndexes;
  int[] generatedAt; // generated up to and including this claim
  int[] boundsAt; // boundsBits up to and including this claim's step
  byte[] flags;

  /** Per claim, null (rare, so allocated on first use): broken {property, message} or a throw. */
  Object[] verdicts;

  /** Per claim: goals reached (bits), allocated on first use. */
  int[] goalBits;

  /** Per claim at the depth bound: bound bits its choice listing set, allocated on first use. */
  int[] cutBits;

  /**
   * Claims of the round this chunk's parents replaced: the replaced claim's parent and state, and
   * the verdict of the transition properties on that parent's step into it (null when they hold or
   * none exists; else {property, message} or what they threw): in canonical order that step is a
   * step into a visited state, which this worker checked while the state was in its cache.
   */
  int replacedCount;

  int[] replacedParents = new int[0];
  SearchState[] replacedStates = new SearchState[0];
  Object[] replacedVerdicts = new Object[0];

  /** A handler failure (or other exception) that ended the chunk at this parent and choice. */
  RuntimeException failure;

  int failedParent;
  Choice failedChoice;

  ChunkExpansion(int firstParent, int parents) {
    this.firstParent = firstParent;
    this.parents = parents;
    int size = Math.max(16, 2 * parents); // about the claims of a chunk of Raft's or PB's parents
    next = new SearchState[size];
    parentIds = new int[size];
    choiceIndexes = new int[size];
    generatedAt = new int[size];
    boundsAt = new int[size];
    flags = new byte[size];
  }

  /** Appends a claim; returns its index. */
  int add(SearchState state, int parentId, int choiceIndex) {
    if (claims == next.length) {
      int size = claims * 2;
      next = Arrays.copyOf(next, size);
      parentIds = Arrays.copyOf(parentIds, size);
      choiceIndexes = Arrays.copyOf(choiceIndexes, size);
      generatedAt = Arrays.copyOf(generatedAt, size);
      boundsAt = Arrays.copyOf(boundsAt, size);
      flags = Arrays.copyOf(flags, size);
      verdicts = verdicts == null ? null : Arrays.copyOf(verdicts, size);
      goalBits = goalBits == null ? null : Arrays.copyOf(goalBits, size);
      cutBits = cutBits == null ? null : Arrays.copyOf(cutBits, size);
    }
    int k = claims++;
    next[k] = state;
    parentIds[k] = parentId;
    choiceIndexes[k] = choiceIndex;
    generatedAt[k] = generated;
    boundsAt[k] = boundsBits;
    return k;
  }

  void verdict(int k, Object verdict) {
    if (verdicts == null) {
      verdicts = new Object[next.length];
    }
    verdicts[k] = verdict;
  }

  Object verdict(int k) {
    return verdicts == null ? null : verdicts[k];
  }

  void goals(int k, int bits) {
    if (goalBits == null) {
      goalBits = new int[next.length];
    }
    goalBits[k] = bits;
  }

  int goals(int k) {
    return goalBits == null ? 0 : goalBits[k];
  }

  void cutBits(int k, int bits) {
    if (cutBits == null) {
      cutBits = new int[next.length];
    }
    cutBits[k] = bits;
  }

  int cutBits(int k) {
    return cutBits == null ? 0 : cutBits[k];
  }

  /**
   * Records that this chunk's claim replaced the round's claim of {@code state} by {@code parent},
   * whose step into it got {@code verdict} from the transition properties.
   */
  void replaced(int parent, SearchState state, Object verdict) {
    if (replacedCount == replacedParents.length) {
      int size = Math.max(4, replacedCount * 2);
      replacedParents = Arrays.copyOf(replacedParents, size);
      replacedStates = Arrays.copyOf(replacedStates, size);
      replacedVerdicts = Arrays.copyOf(replacedVerdicts, size);
    }
    replacedParents[replacedCount] = parent;
    replacedVerdicts[replacedCount] = verdict;
    replacedStates[replacedCount++] = state;
  }

  /** Marks dead this chunk's claim of {@code state} by {@code parent}: its index, or -1 if none. */
  int kill(int parent, SearchState state) {
    // Entries are in parent order: search for the parent's first, then scan only its own.
    int lo = 0;
    int hi = claims;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (parentIds[mid] < parent) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int k = lo; k < claims && parentIds[k] == parent; k++) {
      if (next[k].keyHigh == state.keyHigh
          && next[k].keyLow == state.keyLow
          && (flags[k] & (DEAD | EDGE)) == 0) {
        flags[k] |= DEAD;
        return k;
      }
    }
    return -1;
  }
}
