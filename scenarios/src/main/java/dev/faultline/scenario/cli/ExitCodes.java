package dev.faultline.scenario.cli;

/** The CLI's exit codes (a contract: docs/reference/exit-codes.md). */
public final class ExitCodes {
  /** Nothing violated. */
  public static final int OK = 0;

  /** A violation was found (safety, invariant or linearizability). */
  public static final int VIOLATION = 1;

  /** Bad input or usage. */
  public static final int BAD_INPUT = 2;

  /** Inconclusive: a bound or timeout ended the check before a verdict. */
  public static final int INCONCLUSIVE = 3;

  /** Nondeterminism detected. */
  public static final int NONDETERMINISM = 4;

  private ExitCodes() {}
}
