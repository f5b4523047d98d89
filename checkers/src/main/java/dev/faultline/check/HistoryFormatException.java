package dev.faultline.check;

/**
 * A malformed history: the message is one line, {@code file:line: problem} (or {@code event N:
 * problem} for histories that did not come from a file).
 */
public final class HistoryFormatException extends IllegalArgumentException {
  private final String source;
  private final long line;
  private final String problem;

  public HistoryFormatException(String source, long line, String problem) {
    super(format(source, line, problem));
    this.source = source;
    this.line = line;
    this.problem = problem;
  }

  private static String format(String source, long line, String problem) {
    if (source == null) {
      return "event " + line + ": " + problem;
    }
    return line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem;
  }

  /** The file name, or null for in-memory histories. */
  public String source() {
    return source;
  }

  /** The 1-based line (or, in memory, the 0-based event index). */
  public long line() {
    return line;
  }

  public String problem() {
    return problem;
  }
}
