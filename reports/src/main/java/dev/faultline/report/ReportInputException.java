package dev.faultline.report;

import java.nio.file.Path;

/**
 * A problem with a report's input (trace, history or explanation file): names the file, the line (0
 * when the whole file is at fault) and the problem, so the CLI can print it as one line.
 */
public final class ReportInputException extends RuntimeException {
  private final String file;
  private final long line;
  private final String problem;

  public ReportInputException(String file, long line, String problem) {
    super(
        line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem, null, false, false);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  static ReportInputException at(Path file, long line, String problem) {
    return new ReportInputException(file == null ? "<trace>" : file.toString(), line, problem);
  }

  public String file() {
    return file;
  }

  /** 1-based line, or 0 when the problem is with the file as a whole. */
  public long line() {
    return line;
  }

  public String problem() {
    return problem;
  }
}
