package dev.faultline.protocols.raft;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.Liveness;
import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.RunOutcome;
import dev.faultline.sim.world.World;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Raft runs for tests, through the shared run semantics ({@link ClusterRun}): a {@link RunPlan} of
 * {@link RaftSpec}, the trace kept on request, and what only Raft's tests look at: which server
 * leads {@link #LEADER_BOUND_TICKS} after the faults stop.
 */
final class RaftRuns {
  /** Ticks after StabilizeAll by which a leader of the highest term must exist (checked). */
  static final long LEADER_BOUND_TICKS = 1500;

  /** A finished run: the shared result, the kept trace, the leader after stabilizing. */
  record Run(ClusterRun.Result result, List<TraceEvent> trace, String leaderAfterStabilize) {
    RunOutcome outcome() {
      return result.outcome();
    }

    List<HistoryEvent> history() {
      return result.history();
    }

    World world() {
      return result.world();
    }

    Cluster cluster() {
      return result.cluster();
    }

    String violatedProperty() {
      return outcome().violation() == null ? null : outcome().violation().property();
    }
  }

  private RaftRuns() {}

  static SortedMap<String, String> options(String... kv) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Run run(
      long seed,
      int servers,
      String variant,
      List<List<ClientOp>> workload,
      SortedMap<String, String> options,
      NetworkConfig network,
      FaultSchedule faults,
      long durationTicks,
      long stabilizeTicks,
      boolean keepTrace) {
    RunPlan plan =
        plan(
            seed,
            servers,
            variant,
            workload,
            options,
            network,
            faults,
            durationTicks,
            stabilizeTicks);
    return run(plan, keepTrace, null, null);
  }

  /** A Raft run plan with the default clock and event bound. */
  static RunPlan plan(
      long seed,
      int servers,
      String variant,
      List<List<ClientOp>> workload,
      SortedMap<String, String> options,
      NetworkConfig network,
      FaultSchedule faults,
      long durationTicks,
      long stabilizeTicks) {
    return RunPlan.of(
        new RaftSpec(),
        servers,
        variant,
        workload,
        options,
        seed,
        network,
        faults.faults(),
        durationTicks,
        stabilizeTicks);
  }

  /**
   * Runs {@code plan}; {@code extraSink} (if not null) receives the trace instead of the kept list;
   * a {@code nemesis} acts during the fault period.
   */
  static Run run(RunPlan plan, boolean keepTrace, TraceSink extraSink, ClusterRun.Nemesis nemesis) {
    InMemoryTrace trace = new InMemoryTrace();
    TraceSink sink = extraSink != null ? extraSink : keepTrace ? trace : TraceSink.NONE;
    String[] leader = {null};
    ClusterRun.Options options = ClusterRun.Options.DEFAULT.withNemesis(nemesis);
    if (plan.stabilizeTicks() > LEADER_BOUND_TICKS) {
      options =
          options.withProbe(
              new ClusterRun.Probe(
                  plan.durationTicks() + LEADER_BOUND_TICKS,
                  w -> leader[0] = currentLeader(w, plan.params().servers())));
    }
    ClusterRun.Result r = ClusterRun.run(plan, sink, options);
    return new Run(r, trace.events(), leader[0]);
  }

  /**
   * A leader whose term is the highest among the up members of its configuration (servers removed
   * from the configuration may sit at higher terms, harmlessly); null if there is none.
   */
  static String currentLeader(World w, int servers) {
    for (var id : new RaftSpec().serverIds(servers)) {
      RaftState l = w.stateAs(id, RaftState.class);
      if (l == null || l.role() != RaftRole.LEADER) {
        continue;
      }
      boolean highest = true;
      for (var m : l.membership().members()) {
        RaftState s = w.stateAs(m, RaftState.class);
        if (s != null && s.term() > l.term()) {
          highest = false;
        }
      }
      if (highest) {
        return id.name();
      }
    }
    return null;
  }

  /** Liveness as the run semantics define it: every client finished its script; null if so. */
  static String liveness(Run run, List<List<ClientOp>> workload) {
    return Liveness.check(workload, run.history(), run.outcome().tick());
  }
}
