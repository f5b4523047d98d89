package dev.faultline.sim.api;

/**
 * A named ALWAYS property, checked after every event. Returns null when it holds, or a sentence
 * saying what broke (naming nodes, terms, indices). A fresh instance is made for each run (see
 * {@link ClusterSpec}), so it may remember what it saw earlier in the run (e.g. which node led
 * which term); under the explorer, such memory must instead live in node state (ghost fields),
 * because states are revisited along different paths.
 */
public interface Invariant {
  String name();

  String check(SystemView view);

  /**
   * Whether the verdict on a state can depend on the state this instance was shown just before it:
   * a step property ("a leader's log only grows", "no read is served after its epoch ended"), or
   * memory of the run whose verdict a single state does not determine ("what was committed stays
   * committed"). The explorer checks such an invariant on every transition it takes, including one
   * into a state it has already seen (the same state reached by another step can break a step
   * property), and shows it the state before each state it checks; an invariant that judges states
   * alone is checked once per distinct state, on a fresh instance that has seen nothing before it.
   * Default false: the verdict is a function of the state shown (memory that only caches what the
   * state also holds, as incremental checks keep, does not count). A step property that says false
   * here is never shown a step by the explorer.
   */
  default boolean judgesTransitions() {
    return false;
  }

  /**
   * Forgets everything this instance saw, leaving it exactly as a fresh instance from the same
   * supply would be, and returns true; or returns false (the default) when it cannot. The explorer
   * checks hundreds of thousands of states per second, each with fresh instances, and building them
   * was most of its allocation per state on Raft: a search thread instead keeps the last list it
   * was given and resets every member before the next check, and builds fresh lists as before as
   * soon as one member returns false. Instances that share memory (one refresh of the servers for
   * several invariants) reset what they share too; resetting it twice must be harmless.
   */
  default boolean resetForReuse() {
    return false;
  }

  /**
   * Whether this invariant reads {@link SystemView#lastSteps}: the handler the last event ran, its
   * trigger and what it sent. A world records steps only when one of its invariants says true here,
   * read once when the world is built; the default false keeps runs without step rules exactly as
   * fast as before. Where steps are not recorded (the explorer) {@code lastSteps()} is null, and a
   * step rule holds.
   */
  default boolean judgesSteps() {
    return false;
  }
}
