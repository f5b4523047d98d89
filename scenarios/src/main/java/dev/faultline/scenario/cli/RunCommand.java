package dev.faultline.scenario.cli;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.Artifacts;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdicts;
import dev.faultline.scenario.stats.RunStatsText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline run SCENARIO... [--seed N] [--out DIR]}: replay scenario files. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run scenario files (or every .json file under a directory): check invariants,"
          + " linearizability and (after a stabilize phase) liveness; write trace.jsonl,"
          + " history.jsonl, result.json and report.html. Several files run in one process and"
          + " end with a table.",
      "Exit 0 when each scenario's 'expect' happened (pass, or the expected violation),"
          + " 1 otherwise, 3 if a linearizability check was inconclusive; with several files,"
          + " the worst of them (2 bad input, 4, 1, 3, 0)."
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "SCENARIO",
      description = "scenario or counterexample .json files, or directories of them")
  List<Path> files;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "override the file's seed (default: the file's)")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "artifact directory (default: out/<scenario name>; with several files, DIR/<scenario"
              + " name>)")
  Path out;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    List<Path> all = InputFiles.expand(files, List.of(".json"));
    if (all.size() == 1 && !java.nio.file.Files.isDirectory(files.get(0))) {
      return runOne(all.get(0), out, stdout).code();
    }
    OutputPaths.requireDirectory("--out", out != null ? out : Path.of("out"));
    ResultTable table = new ResultTable("SCENARIO", "EXPECT", "FOUND", "EXIT", "MS");
    long start = System.nanoTime();
    for (Path f : all) {
      long t0 = System.nanoTime();
      StringWriter text = new StringWriter();
      Outcome o;
      try {
        o = runOne(f, batchDir(f), new PrintWriter(text, true));
      } catch (UserError e) {
        o = new Outcome(ExitCodes.BAD_INPUT, "", "bad input: " + e.getMessage());
      }
      if (o.code() != ExitCodes.OK) {
        stdout.print(text); // the whole verdict paragraph for what did not go as expected
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      table.add(o.code(), f.toString(), o.expect(), o.found(), "" + o.code(), "" + ms);
    }
    table.print(stdout);
    stdout.printf(
        "%d files in %.1f s; worst exit code %d%n",
        table.size(), (System.nanoTime() - start) / 1e9, table.worstExitCode());
    return table.worstExitCode();
  }

  /** One file's exit code, what it expected and what the run found (table cells). */
  private record Outcome(int code, String expect, String found) {}

  private Path batchDir(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
    return (out != null ? out : Path.of("out")).resolve(name);
  }

  private Outcome runOne(Path file, Path outDir, PrintWriter stdout) {
    String text = ScenarioReader.readText(file);
    if ("counterexample".equals(ScenarioReader.kindOf(text, file.toString()))) {
      int code = CounterexampleRun.replay(file, text, outDir, stdout);
      String found =
          switch (code) {
            case ExitCodes.VIOLATION -> "reproduces";
            case ExitCodes.OK -> "no longer reproduces";
            default -> "diverged";
          };
      return new Outcome(code, "counterexample", found);
    }
    Scenario s = ScenarioReader.read(file);
    if (seed != null) {
      s = s.withSeed(seed);
    }
    Path dir = outDir != null ? outDir : Path.of("out", s.name());
    OutputPaths.requireDirectory("--out", dir);
    stdout.println("faultline run " + file + ": seed " + s.seed());
    ScenarioResult r = ScenarioRunner.run(s, RunOptions.DEFAULT.withOut(dir));
    Artifacts.writeReport(dir, r, reproduce(file, s));
    stdout.println(Verdicts.paragraph(r, reproduce(file, s)));
    stdout.println(Verdicts.checksLine(r));
    RunStatsText.lines(r.stats()).forEach(stdout::println);
    stdout.println("Artifacts: " + Artifacts.list(dir));
    String found =
        switch (r.verdict()) {
          case PASS -> "pass";
          case VIOLATION -> r.property() + (r.progressLimit() != null ? " (progress limit)" : "");
          case INCONCLUSIVE -> "inconclusive";
        };
    return new Outcome(r.exitCode(), s.expect(), found);
  }

  private String reproduce(Path file, Scenario s) {
    return "./faultline run " + file + (seed != null ? " --seed " + s.seed() : "");
  }
}
