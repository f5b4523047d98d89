package dev.faultline.scenario.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** PLACEHOLDER: {@code faultline shrink}, replaced by the issue that owns it. */
@Command(
    name = "shrink",
    mixinStandardHelpOptions = true,
    description = "shrink a failing scenario to a minimal one")
public final class ShrinkCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'shrink' is not implemented yet");
  }
}
