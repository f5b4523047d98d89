package dev.faultline.scenario.run;

import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Models;
import dev.faultline.sim.api.HistoryEvent;
import java.util.List;

/** The one place runs call the linearizability checker (kv model, {@code dev.faultline.check}). */
final class LinearizabilityGate {
  private LinearizabilityGate() {}

  /** verdict: linearizable | not-linearizable | inconclusive (the contract's spellings). */
  record Outcome(String verdict, String explanationJson, String sentence) {}

  static Outcome check(List<HistoryEvent> history, CheckBudget budget) {
    CheckResult r = Linearizability.check(history, Models.kv(), budget);
    return new Outcome(r.verdict().json(), r.toJson(), r.summary());
  }
}
