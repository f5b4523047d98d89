package dev.faultline.scenario.cli;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.Artifacts;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdicts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline run SCENARIO [--seed N] [--out DIR]}: replay one scenario file. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a scenario file: check invariants, linearizability and (after a stabilize phase)"
          + " liveness; write trace.jsonl, history.jsonl, result.json and report.html.",
      "Exit 0 when the scenario's 'expect' happened (pass, or the expected violation),"
          + " 1 otherwise, 3 if the linearizability check was inconclusive."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "scenario .json file")
  Path file;

  @Option(names = "--seed", paramLabel = "N", description = "override the file's seed")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "artifact directory (default: out/<scenario name>)")
  Path out;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    String text = ScenarioReader.readText(file);
    if ("counterexample".equals(ScenarioReader.kindOf(text, file.toString()))) {
      return CounterexampleRun.replay(file, text, out, stdout);
    }
    Scenario s = ScenarioReader.read(file);
    if (seed != null) {
      s = s.withSeed(seed);
    }
    Path dir = out != null ? out : Path.of("out", s.name());
    OutputPaths.requireDirectory("--out", dir);
    stdout.println("faultline run " + file + ": seed " + s.seed());
    ScenarioResult r = ScenarioRunner.run(s, RunOptions.DEFAULT.withOut(dir));
    Artifacts.writeReport(dir, r, reproduce(s));
    stdout.println(Verdicts.paragraph(r, reproduce(s)));
    stdout.println(Verdicts.checksLine(r));
    stdout.println("Artifacts: " + Artifacts.list(dir));
    return r.exitCode();
  }

  private String reproduce(Scenario s) {
    return "./faultline run " + file + (seed != null ? " --seed " + s.seed() : "");
  }
}
