package dev.faultline.scenario.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: {@code faultline list}, replaced by the issue that owns it. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "protocols, bug variants and scenarios")
public final class ListCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'list' is not implemented yet");
  }
}
