package dev.faultline.protocols.raft;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.ClockConfig;
import dev.faultline.sim.world.RunOutcome;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds and runs a Raft world exactly as the scenario run semantics say (BRIEF.md): cluster from
 * ClusterParams, WorldConfig(seed, network, clock, duration + stabilize), the fault schedule, a
 * StabilizeAll at the end of the fault period, runUntil, then the history checks.
 */
final class RaftHarness {
  record Run(
      RunOutcome outcome,
      List<HistoryEvent> history,
      World world,
      Cluster cluster,
      List<TraceEvent> trace,
      String leaderAfterStabilize) {
    String violatedProperty() {
      return outcome.violation() == null ? null : outcome.violation().property();
    }
  }

  private RaftHarness() {}

  /**
   * A state-aware fault injector (Jepsen-style nemesis) called during the fault period: it looks at
   * the world (e.g. who leads) and schedules faults from now on. Deterministic: it sees only the
   * seeded world and draws from its own seeded stream.
   */
  interface Nemesis {
    /** Acts at {@code now}; returns the tick of its next action. */
    long act(World w, Cluster cluster, long now);
  }

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
    return run(
        seed,
        servers,
        variant,
        workload,
        options,
        network,
        faults,
        durationTicks,
        stabilizeTicks,
        keepTrace,
        null);
  }

  /** Ticks after StabilizeAll by which a leader of the highest term must exist (checked). */
  static final long LEADER_BOUND_TICKS = 1500;

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
      boolean keepTrace,
      TraceSink extraSink) {
    return run(
        seed,
        servers,
        variant,
        workload,
        options,
        network,
        faults,
        durationTicks,
        stabilizeTicks,
        keepTrace,
        extraSink,
        null);
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
      boolean keepTrace,
      TraceSink extraSink,
      Nemesis nemesis) {
    Cluster cluster = new RaftSpec().build(new ClusterParams(servers, variant, workload, options));
    List<TraceEvent> trace = new ArrayList<>();
    TraceSink sink =
        extraSink != null
            ? extraSink
            : keepTrace
                ? new TraceSink() {
                  @Override
                  public boolean enabled() {
                    return true;
                  }

                  @Override
                  public void accept(TraceEvent event) {
                    trace.add(event);
                  }
                }
                : TraceSink.NONE;
    long total = durationTicks + stabilizeTicks;
    World w =
        new World(
            new WorldConfig(seed, network, ClockConfig.DEFAULT, total, 50_000_000L), cluster, sink);
    w.start("raft", variant, "test");
    w.schedule(faults);
    if (stabilizeTicks > 0) {
      w.schedule(FaultSchedule.builder().at(durationTicks, new Fault.StabilizeAll()).build());
    }
    String leader = null;
    RunOutcome outcome;
    if (nemesis != null) {
      long next = 100;
      while (next < durationTicks - 100) {
        RunOutcome partial = w.runUntil(next);
        if (partial.violated()) {
          break;
        }
        next = Math.max(next + 1, nemesis.act(w, cluster, next));
      }
    }
    if (stabilizeTicks > LEADER_BOUND_TICKS) {
      outcome = w.runUntil(durationTicks + LEADER_BOUND_TICKS);
      leader = outcome.violated() ? null : currentLeader(w, cluster);
      if (!outcome.violated()) {
        outcome = w.runUntil(total);
      }
    } else {
      outcome = w.runUntil(total);
    }
    w.end(outcome.stop().name());
    return new Run(outcome, List.copyOf(w.history()), w, cluster, trace, leader);
  }

  /**
   * A leader whose term is the highest among the up members of its configuration (servers removed
   * from the configuration may sit at higher terms, harmlessly); null if there is none.
   */
  static String currentLeader(World w, Cluster cluster) {
    for (var id : cluster.servers()) {
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

  /** Liveness: every invoked operation completed and every client finished its script. */
  static String liveness(Run run, List<List<ClientOp>> workload) {
    int[] invoked = new int[workload.size()];
    int[] completed = new int[workload.size()];
    for (HistoryEvent e : run.history()) {
      if (e.type() == HistoryEvent.Type.INVOKE) {
        invoked[e.process()]++;
      } else {
        completed[e.process()]++;
      }
    }
    for (int p = 0; p < workload.size(); p++) {
      if (completed[p] != workload.get(p).size()) {
        return "client c"
            + (p + 1)
            + " completed "
            + completed[p]
            + " of "
            + workload.get(p).size()
            + " operations (invoked "
            + invoked[p]
            + ")";
      }
    }
    return null;
  }
}
