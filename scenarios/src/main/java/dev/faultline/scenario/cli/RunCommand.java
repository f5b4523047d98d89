package dev.faultline.scenario.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: {@code faultline run}, replaced by the issue that owns it. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "run a scenario file")
public final class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'run' is not implemented yet");
  }
}
