package dev.faultline.scenario.cli;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.shrink.ShrinkResult;
import dev.faultline.scenario.shrink.Shrinker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline shrink SCENARIO [--out FILE]}: delta-debug a failing scenario. */
@Command(
    name = "shrink",
    mixinStandardHelpOptions = true,
    description = {
      "Shrink a failing scenario to a 1-minimal one that violates the same property: delta"
          + " debugging over the fault timeline and client operations, then fewer clients,"
          + " servers and network faults; what ddmin must keep is then retried one element at"
          + " a time under up to 32 derived seeds (the result names its seed and replays).",
      "Exit 0 when shrunk, 2 when the scenario does not fail."
    })
public final class ShrinkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "failing scenario .json file")
  Path file;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out",
      description =
          "directory for SCENARIO-shrunk.json (default: ${DEFAULT-VALUE}/; never beside the"
              + " input); a name ending in .json is the file itself")
  Path out;

  @Option(
      names = "--max-runs",
      paramLabel = "N",
      defaultValue = "20000",
      description = "runs to spend shrinking at most (default: ${DEFAULT-VALUE})")
  int maxRuns;

  @Option(
      names = "--time",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "300s",
      description = "wall-clock budget for shrinking (default: ${DEFAULT-VALUE})")
  long timeMillis;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    Scenario s = ScenarioReader.read(file);
    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
    Path target =
        out.getFileName() != null && out.getFileName().toString().endsWith(".json")
            ? out
            : out.resolve(name + "-shrunk.json");
    OutputPaths.requireFile("--out", target);
    ShrinkResult r =
        new Shrinker(RunOptions.DEFAULT, new Shrinker.Budget(maxRuns, timeMillis)).shrink(s);
    if (r == null) {
      throw new UserError(
          file
              + ": the scenario does not fail (no property violated), so there is nothing to shrink");
    }
    try {
      ScenarioWriter.write(r.shrunk(), target);
    } catch (IOException e) {
      // Never lose a shrunk scenario: print it, then the one-line error.
      stdout.println(ScenarioWriter.toJson(r.shrunk()));
      throw new UserError(OutputPaths.describe(e));
    }
    stdout.println("Shrunk " + file + " keeping " + r.property() + " violated: " + r.summary());
    stdout.println(
        "The shrunk scenario expects "
            + r.property()
            + ", so it replays as a passing regression test.");
    stdout.println("Violation: " + r.message());
    stdout.println("Wrote " + target + ". Reproduce: ./faultline run " + target);
    return ExitCodes.OK;
  }
}
