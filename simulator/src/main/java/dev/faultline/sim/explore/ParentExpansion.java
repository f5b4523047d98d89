package dev.faultline.sim.explore;

import java.util.ArrayList;
import java.util.List;

/**
 * What a parallel BFS round computed for one parent state, for the sequential merge to replay in
 * canonical order: one outcome per enabled choice (in choice order, so an outcome's position is its
 * choice index), the bound bits this parent's choices set, and the handler failure that ended the
 * parent's expansion early (the single-threaded search stops at that choice too).
 */
final class ParentExpansion {
  /** One successor, filled in over the round's phases (see {@link BfsWorkers}). */
  static final class Outcome {
    final Choice choice;
    final SearchState parent;

    /** Null for a pruned no-op. */
    final SearchState next;

    /** The depth of {@code next} (the parent's plus one). */
    final int depth;

    /** Bound bits (ExploreModel.HIT_*) this step set first in its worker (apply can cut a step). */
    final int newBoundsBits;

    /**
     * Set by the dedup phase: the state was visited before this round, or an earlier outcome of the
     * round (in canonical order) has the same fingerprint, so the merge finds it present and only
     * invariants that judge transitions check the step. Otherwise it is the round's first copy and
     * the check phase fills in the rest.
     */
    boolean seen;

    /**
     * Set by the step phase (the visited set is read-only while a round expands): the state was
     * visited before this round. Moves that lookup off the sequential dedup phase.
     */
    boolean visitedBefore;

    /**
     * The invariant verdict for (parent, next): every invariant if the state is new, only those
     * that judge transitions if it was seen.
     */
    String[] broken;

    /** An invariant threw this while checking (parent, next); the merge rethrows it. */
    RuntimeException invariantFailure;

    /** At the depth bound: whether the state has an enabled choice (it is never queued). */
    boolean cutHasChoices;

    Outcome(Choice choice, SearchState parent, SearchState next, int newBoundsBits, int depth) {
      this.choice = choice;
      this.parent = parent;
      this.next = next;
      this.newBoundsBits = newBoundsBits;
      this.depth = depth;
    }
  }

  /** Bound bits (ExploreModel.HIT_*) that this parent's choices() set first in its worker. */
  int newBoundsBits;

  /** Whether the parent had any enabled choice (for a depth-cut parent, only this is computed). */
  boolean hasChoices;

  final List<Outcome> outcomes = new ArrayList<>();

  /** A handler failure (or other exception) while applying {@link #failedChoice}, else null. */
  RuntimeException failure;

  Choice failedChoice;

  /** Bound bits the failing step set first in its worker. */
  int failureBoundsBits;
}
