package dev.faultline.scenario.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: {@code faultline check}, replaced by the issue that owns it. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "check a history for linearizability")
public final class CheckCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'check' is not implemented yet");
  }
}
