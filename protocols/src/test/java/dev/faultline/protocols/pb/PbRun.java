package dev.faultline.protocols.pb;

import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Models;
import dev.faultline.check.Verdict;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.ClockConfig;
import dev.faultline.sim.world.RunOutcome;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.util.List;
import java.util.TreeMap;

/**
 * Runs one pb simulation with the BRIEF's scenario run semantics (cluster from ClusterParams,
 * WorldConfig, faults, StabilizeAll at durationTicks, invariants, then linearizability, then
 * liveness), without depending on the scenarios module.
 */
final class PbRun {

  /** What a run found: the violated property (null when it passed) and a sentence. */
  record Result(
      String property,
      String message,
      List<HistoryEvent> history,
      RunOutcome outcome,
      String progressLimit,
      int viewChanges) {

    /** Passed, or stuck in one of the design's known progress limits (no safety violation). */
    boolean safe() {
      return property == null || ("Liveness".equals(property) && progressLimit != null);
    }

    boolean passed() {
      return property == null;
    }
  }

  /** Everything a run needs; mirrors a scenario file. */
  record Spec(
      int servers,
      String variant,
      List<List<ClientOp>> workload,
      NetworkConfig network,
      List<ScheduledFault> faults,
      long seed,
      long durationTicks,
      long stabilizeTicks) {

    Spec withVariant(String v) {
      return new Spec(servers, v, workload, network, faults, seed, durationTicks, stabilizeTicks);
    }

    Spec withSeed(long s) {
      return new Spec(
          servers, variant, workload, network, faults, s, durationTicks, stabilizeTicks);
    }
  }

  private PbRun() {}

  static Result run(Spec spec) {
    return run(spec, TraceSink.NONE);
  }

  static Result run(Spec spec, TraceSink sink) {
    return run(spec, sink, true);
  }

  /**
   * With {@code invariants} false the run is judged by its client history alone (linearizability
   * and liveness), as a black-box tester like Jepsen would see it.
   */
  static Result run(Spec spec, TraceSink sink, boolean invariants) {
    Cluster built =
        new PbSpec()
            .build(
                new ClusterParams(
                    spec.servers(), spec.variant(), spec.workload(), new TreeMap<>()));
    Cluster cluster =
        invariants
            ? built
            : new Cluster(built.nodes(), built.servers(), built.clients(), List.of());
    long end = spec.durationTicks() + spec.stabilizeTicks();
    WorldConfig config =
        new WorldConfig(spec.seed(), spec.network(), ClockConfig.DEFAULT, end, 50_000_000);
    World world = new World(config, cluster, sink);
    world.start("pb", spec.variant(), "test");
    FaultSchedule.Builder b = FaultSchedule.builder();
    for (ScheduledFault f : spec.faults()) {
      b.at(f.tick(), f.fault());
    }
    if (spec.stabilizeTicks() > 0) {
      b.at(spec.durationTicks(), new Fault.StabilizeAll());
    }
    world.schedule(b.build());
    RunOutcome outcome = world.runUntil(end);
    world.end("done");
    List<HistoryEvent> history = List.copyOf(world.history());
    ViewServerState vs = world.stateAs(PbSpec.VIEW_SERVER, ViewServerState.class);
    int views = vs == null ? -1 : vs.changes.size();
    if (outcome.violated()) {
      return new Result(
          outcome.violation().property(),
          outcome.violation().message(),
          history,
          outcome,
          null,
          views);
    }
    CheckResult lin = Linearizability.check(history, Models.kv(), CheckBudget.ofSteps(2_000_000));
    if (lin.verdict() == Verdict.NOT_LINEARIZABLE) {
      return new Result("Linearizability", lin.summary(), history, outcome, null, views);
    }
    if (lin.verdict() == Verdict.INCONCLUSIVE) {
      return new Result("Inconclusive", lin.summary(), history, outcome, null, views);
    }
    if (spec.stabilizeTicks() > 0) {
      String stuck = liveness(spec.workload(), history);
      if (stuck != null) {
        String limit = vs == null ? "the view server is down" : vs.progressLimit();
        return new Result("Liveness", stuck, history, outcome, limit, views);
      }
    }
    return new Result(null, null, history, outcome, null, views);
  }

  /** Every client finished its script: as many ok completions as operations. */
  static String liveness(List<List<ClientOp>> workload, List<HistoryEvent> history) {
    int[] ok = new int[workload.size()];
    for (HistoryEvent e : history) {
      if (e.type() == HistoryEvent.Type.OK) {
        ok[e.process()]++;
      }
    }
    for (int c = 0; c < ok.length; c++) {
      if (ok[c] < workload.get(c).size()) {
        return "client c" + (c + 1) + " completed " + ok[c] + " of " + workload.get(c).size();
      }
    }
    return null;
  }
}
