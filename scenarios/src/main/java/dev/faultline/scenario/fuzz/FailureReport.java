package dev.faultline.scenario.fuzz;

import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.Artifacts;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.shrink.ShrinkResult;
import dev.faultline.scenario.shrink.Shrinker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Turns a failing seed into artifacts: {@code failure-<seed>.json} (the swarm scenario), a re-run
 * of it WITH a trace into {@code failure-<seed>/} (trace.jsonl, history.jsonl, result.json,
 * report.html), its shrunk version {@code failure-<seed>-shrunk.json} and that one's run directory,
 * plus the one-line reproduction command.
 */
public final class FailureReport {
  /** Where everything went. {@code shrink} is null when shrinking was off. */
  public record Written(
      long seed,
      String property,
      String message,
      Path scenarioFile,
      Path runDir,
      Path shrunkFile,
      Path shrunkRunDir,
      ShrinkResult shrink,
      String reproduce,
      java.util.List<dev.faultline.scenario.run.PropertyCheck> checks) {}

  private FailureReport() {}

  public static Written write(
      Scenario failing, Path outDir, RunOptions options, boolean shrink, Shrinker.Budget budget) {
    return write(failing, failing.seed(), outDir, options, shrink, budget);
  }

  /**
   * As {@link #write(Scenario, Path, RunOptions, boolean, Shrinker.Budget)}, the files named by
   * {@code seed} (a guided campaign's mutant: its run's number, while its scenario may keep its
   * parent's seed).
   */
  public static Written write(
      Scenario failing,
      long seed,
      Path outDir,
      RunOptions options,
      boolean shrink,
      Shrinker.Budget budget) {
    try {
      Path file = outDir.resolve("failure-" + seed + ".json");
      ScenarioWriter.write(failing, file);
      Path runDir = outDir.resolve("failure-" + seed);
      String reproduce = "./faultline run " + file;
      ScenarioResult traced = ScenarioRunner.run(failing, options.withOut(runDir));
      Artifacts.writeReport(runDir, traced, reproduce);
      ShrinkResult shrunk = null;
      Path shrunkFile = null;
      Path shrunkRunDir = null;
      if (shrink) {
        shrunk = new Shrinker(options, budget).shrink(failing);
        if (shrunk != null) {
          shrunkFile = outDir.resolve("failure-" + seed + "-shrunk.json");
          ScenarioWriter.write(shrunk.shrunk(), shrunkFile);
          shrunkRunDir = outDir.resolve("failure-" + seed + "-shrunk");
          ScenarioResult r = ScenarioRunner.run(shrunk.shrunk(), options.withOut(shrunkRunDir));
          Artifacts.writeReport(shrunkRunDir, r, "./faultline run " + shrunkFile);
        }
      }
      return new Written(
          seed,
          traced.property(),
          traced.message(),
          file,
          runDir,
          shrunkFile,
          shrunkRunDir,
          shrunk,
          shrunkFile != null ? "./faultline run " + shrunkFile : reproduce,
          traced.checks());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
