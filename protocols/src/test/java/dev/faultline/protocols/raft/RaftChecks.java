package dev.faultline.protocols.raft;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.sim.api.ClientOp;
import java.util.List;

/**
 * The shared run semantics' verdict ({@link ClusterRun}), plus Raft's own liveness bound: a leader
 * of the highest term {@link RaftRuns#LEADER_BOUND_TICKS} after the faults stop.
 */
final class RaftChecks {
  private RaftChecks() {}

  static String violated(RaftRuns.Run run, List<List<ClientOp>> workload, long stabilizeTicks) {
    String property = run.result().property();
    if (property != null && !property.equals(ClusterRun.LIVENESS)) {
      return property; // an invariant, linearizability or an exception: safety first
    }
    if (stabilizeTicks > RaftRuns.LEADER_BOUND_TICKS && run.leaderAfterStabilize() == null) {
      return ClusterRun.LIVENESS;
    }
    return property;
  }

  static String explain(RaftRuns.Run run, List<List<ClientOp>> workload) {
    if (run.outcome().violation() != null) {
      return run.outcome().violation().property() + ": " + run.outcome().violation().message();
    }
    if (ClusterRun.LINEARIZABILITY.equals(run.result().property())) {
      return run.result().linearizabilityJson();
    }
    if (run.leaderAfterStabilize() == null) {
      StringBuilder b =
          new StringBuilder("no leader of the highest term ")
              .append(RaftRuns.LEADER_BOUND_TICKS)
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
    StringBuilder b = new StringBuilder(String.valueOf(RaftRuns.liveness(run, workload)));
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
