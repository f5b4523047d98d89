package dev.faultline.scenario.run;

import dev.faultline.check.CheckBudget;
import dev.faultline.scenario.model.ProtocolRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run a scenario (not what: that is the {@code Scenario}).
 *
 * @param outDir where to write trace.jsonl, history.jsonl and result.json; null writes nothing
 * @param hashTrace compute the SHA-256 of the trace (determinism checks); costs time
 * @param linearizabilityBudget bound on the linearizability search; when it runs out the verdict is
 *     inconclusive (it bounds the CHECK, never the simulation). The default bounds steps per key
 *     first, so verdicts do not depend on machine speed, with a generous wall-clock backstop.
 */
public record RunOptions(
    Path outDir, boolean hashTrace, CheckBudget linearizabilityBudget, ProtocolRegistry registry) {
  public static final CheckBudget DEFAULT_LINEARIZABILITY_BUDGET =
      CheckBudget.ofSteps(2_000_000).withTimeout(Duration.ofSeconds(60));
  public static final RunOptions DEFAULT =
      new RunOptions(null, false, DEFAULT_LINEARIZABILITY_BUDGET, ProtocolRegistry.DEFAULT);

  public RunOptions {
    registry = registry == null ? ProtocolRegistry.DEFAULT : registry;
  }

  public RunOptions withOut(Path dir) {
    return new RunOptions(dir, hashTrace, linearizabilityBudget, registry);
  }

  public RunOptions withHashTrace(boolean on) {
    return new RunOptions(outDir, on, linearizabilityBudget, registry);
  }

  public RunOptions withRegistry(ProtocolRegistry r) {
    return new RunOptions(outDir, hashTrace, linearizabilityBudget, r);
  }

  public RunOptions withLinearizabilityBudget(CheckBudget budget) {
    return new RunOptions(outDir, hashTrace, budget, registry);
  }
}
