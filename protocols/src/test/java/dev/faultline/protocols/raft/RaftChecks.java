package dev.faultline.protocols.raft;

import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Models;
import dev.faultline.check.Verdict;
import dev.faultline.sim.api.ClientOp;
import java.util.List;

/** Run semantics' verdict: the violated property (invariant, Linearizability, Liveness) or null. */
final class RaftChecks {
  private RaftChecks() {}

  static String violated(RaftHarness.Run run, List<List<ClientOp>> workload, long stabilizeTicks) {
    if (run.outcome().violation() != null) {
      return run.outcome().violation().property();
    }
    CheckResult lin = Linearizability.check(run.history(), Models.kv(), CheckBudget.ofSeconds(20));
    if (lin.verdict() == Verdict.NOT_LINEARIZABLE) {
      return "Linearizability";
    }
    if (stabilizeTicks > RaftHarness.LEADER_BOUND_TICKS && run.leaderAfterStabilize() == null) {
      return "Liveness";
    }
    if (stabilizeTicks > 0 && RaftHarness.liveness(run, workload) != null) {
      return "Liveness";
    }
    return null;
  }

  static String explain(RaftHarness.Run run, List<List<ClientOp>> workload) {
    if (run.outcome().violation() != null) {
      return run.outcome().violation().property() + ": " + run.outcome().violation().message();
    }
    CheckResult lin = Linearizability.check(run.history(), Models.kv(), CheckBudget.ofSeconds(20));
    if (!lin.isLinearizable()) {
      return lin.toJson();
    }
    if (run.leaderAfterStabilize() == null) {
      StringBuilder b =
          new StringBuilder("no leader of the highest term ")
              .append(RaftHarness.LEADER_BOUND_TICKS)
              .append(" ticks after the faults stopped;");
      for (var id : run.cluster().servers()) {
        RaftState st = run.world().stateAs(id, RaftState.class);
        b.append(' ')
            .append(id)
            .append(
                st == null
                    ? "=down"
                    : "="
                        + st.role()
                        + "/t"
                        + st.term()
                        + "/"
                        + st.membership()
                        + "/last"
                        + st.log().lastIndex()
                        + "/commit"
                        + st.commitIndex());
      }
      return b.toString();
    }
    StringBuilder b = new StringBuilder(String.valueOf(RaftHarness.liveness(run, workload)));
    for (var id : run.cluster().servers()) {
      RaftState st = run.world().stateAs(id, RaftState.class);
      b.append(' ')
          .append(id)
          .append(
              st == null
                  ? "=down"
                  : "="
                      + st.role()
                      + "/t"
                      + st.term()
                      + "/"
                      + st.membership()
                      + "/last"
                      + st.log().lastIndex()
                      + "/commit"
                      + st.commitIndex()
                      + "/leader="
                      + st.leaderId());
    }
    return b.toString();
  }
}
