package dev.faultline.check;

import java.time.Duration;

/**
 * How much work a check may do before it gives up with {@link Verdict#INCONCLUSIVE}. {@code
 * maxSteps} bounds the search steps of EACH partition (so the verdict under a step budget does not
 * depend on thread timing); {@code timeout} bounds the wall-clock time of the whole check. Either
 * may be "unlimited": {@code maxSteps <= 0} or a null/zero timeout.
 */
public record CheckBudget(long maxSteps, Duration timeout) {

  public static CheckBudget unlimited() {
    return new CheckBudget(0, null);
  }

  public static CheckBudget ofSeconds(long seconds) {
    return new CheckBudget(0, Duration.ofSeconds(seconds));
  }

  public static CheckBudget ofSteps(long maxSteps) {
    return new CheckBudget(maxSteps, null);
  }

  public CheckBudget withTimeout(Duration d) {
    return new CheckBudget(maxSteps, d);
  }

  boolean limitsSteps() {
    return maxSteps > 0;
  }

  /** The deadline in {@link System#nanoTime()} units, or {@code Long.MAX_VALUE}. */
  long deadlineNanos(long startNanos) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      return Long.MAX_VALUE;
    }
    long t = startNanos + timeout.toNanos();
    return t < startNanos ? Long.MAX_VALUE : t;
  }
}
