package dev.faultline.scenario.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: {@code faultline fuzz}, replaced by the issue that owns it. */
@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    description = "swarm-fuzz a protocol from many seeds")
public final class FuzzCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'fuzz' is not implemented yet");
  }
}
