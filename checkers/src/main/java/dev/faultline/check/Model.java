package dev.faultline.check;

/**
 * A sequential specification the checker linearizes against. A model is one small class: an initial
 * state, a step function, and optionally how operations split into independent partitions
 * (P-compositionality: e.g. one partition per key, checked separately and in parallel). See {@code
 * LockModel} in the tests for a complete example in 30 lines.
 *
 * <p>States must be immutable and have value {@code equals}/{@code hashCode} (records, strings,
 * boxed numbers): the checker interns them and memoises transitions, so {@link #step} is called at
 * most once per (state, operation) pair.
 *
 * @param <S> the state type (never null)
 */
public interface Model<S> {

  /** A short name ({@code kv}, {@code register}) used in results and messages. */
  String name();

  /** The state before any operation. */
  S initialState();

  /**
   * The state after {@code op} is applied to {@code state}, or {@code null} if {@code op} could not
   * have happened there (e.g. a read that returned something else). When {@code op.outputKnown()}
   * is false the operation's result is unknown: apply its effect without judging its output.
   */
  S step(S state, Operation op);

  /**
   * Which independent partition {@code op} belongs to; operations in different partitions never
   * affect each other. The default puts everything in one partition.
   */
  default String partitionOf(Operation op) {
    return "";
  }

  /**
   * Rejects operations this model does not understand: returns a short problem ({@code "unknown f
   * 'foo' for model kv (expected get, put or append)"}) or null when {@code op} is acceptable.
   */
  default String validate(Operation op) {
    return null;
  }

  /**
   * True when {@code op} never changes the state (a read): then {@code step} returns either the
   * same state or null. The search uses this for a partial-order reduction: a read that is legal
   * now may be linearized now without trying alternatives. Leave false when unsure.
   */
  default boolean isReadOnly(Operation op) {
    return false;
  }

  /**
   * For a read-only {@code read} that is illegal in {@code state}: could it become legal after more
   * operations, if none of them is a {@linkplain #resets reset}? Return false only when certain
   * (e.g. kv: appends only grow a value, so a get whose result does not start with the current
   * value is dead). The search then abandons the branch at once instead of exploring every
   * interleaving up to the read's return. The default, true, never prunes.
   */
  default boolean mayBecomeLegal(S state, Operation read) {
    return true;
  }

  /**
   * Whether {@code op} can move the state "backwards" so that {@link #mayBecomeLegal} does not hold
   * across it (kv: put). The default is conservative.
   */
  default boolean resets(Operation op) {
    return true;
  }

  /**
   * True when {@code op} is a blind write: {@link #step} returns one and the same state (by {@code
   * equals}) from every state, never null (kv: put; register: write). The search then runs the step
   * once per operation instead of once per state it is tried from: the look-ahead for dead reads
   * tries every pending put from every new state. The default, false, is always safe.
   */
  default boolean overwrites(Operation op) {
    return false;
  }

  /**
   * Could some read among {@code completedReads} (the partition's completed read-only operations)
   * have seen the effect of the indeterminate {@code op}? If certainly not, the search drops {@code
   * op}: "it never happened" is always allowed for it and nobody can tell the difference. (kv: no
   * get result contains the appended or put value.) The default, true, keeps everything.
   */
  default boolean mayBeObserved(Operation op, java.util.List<Operation> completedReads) {
    return true;
  }

  /**
   * An optional "unobservable" state: the search switches to it when no read left could ever see
   * the current state (each would need a reset first), so that configurations differing only in
   * unobservable detail (e.g. the order of appends that a later put overwrites) merge in the memo.
   * If non-null it must behave as: every read with a known output is illegal, a read with an
   * unknown output and every non-reset operation keep it, a reset overwrites it as from any state,
   * and {@link #mayBecomeLegal} is false. The default, null, disables this.
   */
  default S unobservable() {
    return null;
  }

  /** How a state is printed in explanations. */
  default String describe(S state) {
    return String.valueOf(state);
  }
}
