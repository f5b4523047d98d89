package dev.faultline.scenario.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: {@code faultline report}, replaced by the issue that owns it. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "draw a trace as a space-time diagram (HTML)")
public final class ReportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'report' is not implemented yet");
  }
}
