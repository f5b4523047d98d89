package dev.faultline.scenario.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: {@code faultline explore}, replaced by the issue that owns it. */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    description = "exhaustively explore a protocol's state space")
public final class ExploreCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'explore' is not implemented yet");
  }
}
