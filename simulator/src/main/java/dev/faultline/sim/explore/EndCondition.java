package dev.faultline.sim.explore;

/** Why a search stopped. */
public enum EndCondition {
  /** An invariant (or a handler) broke; the result holds the counterexample. */
  VIOLATION,
  /** Every goal was reached and the search was asked to stop there. */
  GOAL_REACHED,
  /** Every state reachable within the fault bounds was visited: the verdict is complete. */
  SPACE_EXHAUSTED,
  /** A search bound (max-depth, max-states) cut the search short: no verdict. */
  BOUND_REACHED,
  /** The wall-clock budget ran out: no verdict. */
  TIME_OUT,
  /** A handler or copy() is not a pure function of the node's state. */
  NONDETERMINISM
}
