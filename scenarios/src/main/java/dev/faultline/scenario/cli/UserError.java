package dev.faultline.scenario.cli;

/**
 * A mistake in the user's input (file, flag, value). The CLI prints its message as one line, {@code
 * faultline: <file>:<line>: <problem>}, with no stack trace, and exits 2.
 */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message, null, false, false);
  }

  /** An error at a place in a file: "file:line: problem" (line &lt;= 0 omits it). */
  public static UserError at(String file, long line, String problem) {
    return new UserError(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
  }
}
