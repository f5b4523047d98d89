package dev.faultline.check;

/** The outcome of a linearizability check. */
public enum Verdict {
  /** Some order of the operations, consistent with real time, satisfies the model. */
  LINEARIZABLE,
  /** No such order exists: the result names an operation that cannot be placed. */
  NOT_LINEARIZABLE,
  /** The budget (steps or time) ran out before a verdict; never read this as "linearizable". */
  INCONCLUSIVE;

  /** The spelling used in the explanation JSON: {@code not-linearizable}. */
  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
