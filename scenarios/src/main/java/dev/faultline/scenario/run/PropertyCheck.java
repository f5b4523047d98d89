package dev.faultline.scenario.run;

/**
 * One property a run checked, and what came of it: a line of the run's complete verdict (the report
 * header, {@code result.json}'s "checks", the CLI).
 *
 * @param property the property's name (an invariant's name, Linearizability, Liveness, ...)
 * @param kind invariant | linearizability | liveness | progress-limit | exception | run
 * @param outcome held | violated | inconclusive | not-checked | declared | no-operations
 * @param detail one sentence: what broke, why it was not checked, or what held; never null
 */
public record PropertyCheck(String property, String kind, String outcome, String detail) {
  public static final String HELD = "held";
  public static final String VIOLATED = "violated";
  public static final String INCONCLUSIVE = "inconclusive";
  public static final String NOT_CHECKED = "not-checked";
  public static final String DECLARED = "declared";
  public static final String NO_OPERATIONS = "no-operations";

  /** True for a violation (listed first in the verdict). */
  public boolean bad() {
    return outcome.equals(VIOLATED);
  }
}
