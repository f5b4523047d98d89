package dev.faultline.scenario.testkit;

import dev.faultline.scenario.cli.FaultlineCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code faultline} CLI in-process, as a user would, and captures what it printed. */
public final class Cli {
  private Cli() {}

  /** Exit code and what went to stdout and stderr. */
  public record Run(int code, String out, String err) {}

  public static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FaultlineCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }
}
