package dev.faultline.check.run;

import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Model;
import dev.faultline.check.Models;
import dev.faultline.check.Verdict;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * The client history of every explored state, checked for linearizability (kv model). It is an
 * ALWAYS property: a prefix of a linearizable history is linearizable with its open operations left
 * indeterminate, so the first state whose history cannot be linearized is the shortest
 * counterexample. The check is skipped while nothing has completed (nothing to contradict), and
 * remembers only the last two histories it checked and their verdicts (states along a BFS level
 * often share one), so it keeps no memory that could leak between paths: a verdict depends on the
 * history alone. Two, because the explorer shows each new state's parent first: a parent's
 * successors that each add a client event alternate between the parent's history and their own.
 */
public final class LinearizabilityInvariant implements Invariant {
  private final Model<?> model = Models.kv();
  private final CheckBudget budget = CheckBudget.ofSteps(1_000_000);
  private List<HistoryEvent> lastHistory;
  private String lastAnswer;
  private List<HistoryEvent> olderHistory;
  private String olderAnswer;

  @Override
  public String name() {
    return "Linearizability";
  }

  @Override
  public String check(SystemView view) {
    List<HistoryEvent> history = view.history();
    boolean anyCompleted = false;
    for (HistoryEvent e : history) {
      if (e.type() == HistoryEvent.Type.OK) {
        anyCompleted = true;
        break;
      }
    }
    if (!anyCompleted) {
      return null;
    }
    if (history.equals(lastHistory)) {
      return lastAnswer;
    }
    String answer;
    if (history.equals(olderHistory)) {
      answer = olderAnswer;
    } else {
      CheckResult r =
          Linearizability.check(
              dev.faultline.check.History.fromHistoryEvents(history, model), model, budget, 1);
      answer = r.verdict() == Verdict.NOT_LINEARIZABLE ? r.summary() : null;
    }
    olderHistory = lastHistory;
    olderAnswer = lastAnswer;
    lastHistory = history;
    lastAnswer = answer;
    return answer;
  }
}
