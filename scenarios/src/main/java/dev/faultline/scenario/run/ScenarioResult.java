package dev.faultline.scenario.run;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.scenario.cli.ExitCodes;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.stats.RunStats;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.world.RunOutcome;
import java.util.List;

/**
 * The outcome of one scenario run.
 *
 * @param property the violated property (an invariant name, Linearizability or Liveness), or null
 * @param message one sentence saying what broke, or why the check was inconclusive, or null
 * @param violationTick the tick of the violation (for Linearizability/Liveness: the run's end)
 * @param linearizability the checker's explanation JSON
 *     (docs/reference/trace-and-history-formats.md), or null if not checked
 * @param traceSha256 SHA-256 of trace.jsonl's bytes when hashed or written, else null
 * @param progressLimit for a Liveness violation: the known progress limit a node declared at the
 *     end of the run ({@code annotate("limit", sentence)}, e.g. pb's view server), as "node:
 *     sentence"; null when none was declared (a genuine liveness failure) or for any other verdict
 * @param invariants the names of the invariants checked after every event
 * @param messages the messages the run sent, counted when it was traced (a file run); else null
 */
public record ScenarioResult(
    Scenario scenario,
    Verdict verdict,
    String property,
    String message,
    long violationTick,
    RunOutcome outcome,
    List<HistoryEvent> history,
    String linearizability,
    String traceSha256,
    long traceEvents,
    String progressLimit,
    List<String> invariants,
    RunStats.Messages messages) {

  public ScenarioResult {
    history = List.copyOf(history);
    invariants = invariants == null ? List.of() : List.copyOf(invariants);
  }

  /** Latency, throughput, availability and message statistics (computed on each call). */
  public RunStats stats() {
    return RunStats.of(history, outcome.tick(), messages);
  }

  /** Every property the run checked, with its outcome (see {@link PropertyChecks}). */
  public List<PropertyCheck> checks() {
    return PropertyChecks.of(this);
  }

  /** True when the run did what the scenario's {@code expect} says. */
  public boolean expectationMet() {
    return scenario.expectsPass()
        ? verdict == Verdict.PASS
        : verdict == Verdict.VIOLATION && scenario.expect().equals(property);
  }

  /**
   * The CLI exit code (docs/reference/exit-codes.md), relative to {@code expect}: 0 when met; for
   * an expected pass, 1 on a violation and 3 when inconclusive; for an expected violation, 1 when
   * it did not happen.
   */
  public int exitCode() {
    if (expectationMet()) {
      return ExitCodes.OK;
    }
    if (scenario.expectsPass() && verdict == Verdict.INCONCLUSIVE) {
      return ExitCodes.INCONCLUSIVE;
    }
    return ExitCodes.VIOLATION;
  }

  /** A violation of any property, including Liveness inside a declared progress limit. */
  public boolean failed() {
    return verdict == Verdict.VIOLATION;
  }

  /**
   * A violation that is a failure: not Liveness inside a declared progress limit ({@link
   * ClusterRun#excusedByLimit}). What the fuzzer, the CLI and FaultlineFuzz all count as failing.
   */
  public boolean failedOutsideLimit() {
    return failed() && !ClusterRun.excusedByLimit(property, progressLimit);
  }
}
