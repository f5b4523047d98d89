package dev.faultline.scenario.debug;

import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.explore.ExploreRun;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.explore.ExploreBounds;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.Stepper;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A debugging session that starts from a scenario file's prefix: the scenario runs in the simulator
 * (its trace recorded in memory), the trace is matched against the explorer's model ({@link
 * TraceMatch}), and the session starts in the state after the trace's first {@code at} events. The
 * whole matched run becomes the session's recorded path, so "next recorded step" walks on along the
 * run. When the model cannot take an event inside the prefix, the launch fails with one line naming
 * the file, the event and why.
 */
public final class ScenarioPrefix {
  /**
   * Fault budgets for a path that replays a run: far above what any scenario file schedules (the
   * model counts every drop and every cut link, and runs drop many messages).
   */
  static final int REPLAY_FAULTS_MAX = 1_000_000;

  /**
   * How far one clock step moves the model's logical time while it follows a run: small enough that
   * a node reads about the run's time, large enough that the clock steps do not swamp the path.
   */
  static final long REPLAY_CLOCK_STEP_TICKS = 10;

  private ScenarioPrefix() {}

  /** What a launch found: the session, and the matched trace it started from. */
  public record Launch(DebugSession session, TraceMatch.Result match, long traceEvents) {}

  /** A session after the first {@code at} trace events of {@code scenario} (read from file). */
  public static Launch open(Path file, Scenario scenario, long at, boolean linearizability) {
    InMemoryTrace trace = new InMemoryTrace();
    ScenarioRunner.run(scenario, RunOptions.DEFAULT, trace);
    long total = trace.size();
    if (at < 0 || at > total) {
      throw new UserError(
          "--at: must be in [0, " + total + "] (the run's trace events), was " + at);
    }
    DebugSession.Setup setup =
        new DebugSession.Setup(
            scenario.protocol(),
            scenario.variant(),
            scenario.nodes(),
            scenario.clientOps(),
            new TreeMap<>(scenario.options()),
            replayOptions());
    Stepper stepper;
    try {
      stepper = DebugLaunch.stepper(setup, linearizability);
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": the explorer's model cannot hold this run: " + e.getMessage());
    }
    requireNodes(file, stepper, trace);
    TraceMatch.Result match =
        TraceMatch.match(stepper, trace.events(), REPLAY_CLOCK_STEP_TICKS, clients(setup));
    if (match.eventsMatched() < at) {
      throw new UserError(
          file
              + ": "
              + match.stopped().describe()
              + "; the explorer's model follows the run only to event "
              + match.eventsMatched()
              + ", so --at must be at most that");
    }
    int steps = match.actionsWithin(at);
    DebugSession session = new DebugSession(setup, stepper, match.actions(), match.states(), steps);
    session.startedFrom(
        file.getFileName()
            + " after trace event "
            + at
            + " of "
            + total
            + " ("
            + steps
            + " steps; recorded path: "
            + match.actions().size()
            + " steps to event "
            + match.eventsMatched()
            + ")");
    return new Launch(session, match, total);
  }

  /** The explorer's fault budgets opened wide and its optional bounds off: the full model. */
  static ExploreOptions replayOptions() {
    return ExploreOptions.defaults()
        .withBounds(ExploreBounds.NONE)
        .withFaults(REPLAY_FAULTS_MAX, REPLAY_FAULTS_MAX, REPLAY_FAULTS_MAX, REPLAY_FAULTS_MAX)
        .withLinkCuts(REPLAY_FAULTS_MAX)
        .withClock(REPLAY_CLOCK_STEP_TICKS, 0);
  }

  private static Set<NodeId> clients(DebugSession.Setup setup) {
    ClusterParams params =
        new ClusterParams(setup.servers(), setup.variant(), setup.workload(), setup.options());
    return new TreeSet<>(
        ExploreRun.specFor(setup.protocol(), setup.variant()).build(params).clients());
  }

  /** The run and the model must name the same nodes (a helper node the model lacks, say). */
  private static void requireNodes(Path file, Stepper stepper, InMemoryTrace trace) {
    if (trace.events().getFirst() instanceof TraceEvent.RunStart start
        && !new TreeSet<NodeId>(start.nodes()).equals(new TreeSet<>(stepper.nodes()))) {
      throw new UserError(
          file
              + ": the run's nodes "
              + start.nodes()
              + " are not the explorer model's "
              + stepper.nodes());
    }
  }
}
