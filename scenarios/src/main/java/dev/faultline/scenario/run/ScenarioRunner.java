package dev.faultline.scenario.run;

import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.trace.HashingTraceSink;
import dev.faultline.sim.trace.HistoryJson;
import dev.faultline.sim.trace.JsonlTraceWriter;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.RunOutcome;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario with EXACTLY the run semantics of the BRIEF, so that a file replays identically:
 *
 * <ol>
 *   <li>cluster = spec.build(new ClusterParams(nodes, variant, clientOps, options));
 *   <li>WorldConfig(seed, network, clock, maxTicks = durationTicks + stabilizeTicks, maxEvents);
 *   <li>start(protocol, variant, name); schedule the faults; if stabilizeTicks &gt; 0 schedule
 *       StabilizeAll at durationTicks; runUntil(durationTicks + stabilizeTicks);
 *   <li>unless an invariant broke: linearizability of the history (kv model); then, if
 *       stabilizeTicks &gt; 0, liveness (every client finished its script).
 * </ol>
 *
 * A run is single-threaded and deterministic; several runners may run on different threads.
 */
public final class ScenarioRunner {
  /** The property reported when a node's handler throws (an assertion in protocol code). */
  public static final String EXCEPTION = "Exception";

  private ScenarioRunner() {}

  public static ScenarioResult run(Scenario s) {
    return run(s, RunOptions.DEFAULT);
  }

  public static ScenarioResult run(Scenario s, RunOptions options) {
    return run(s, options, TraceSink.NONE);
  }

  /**
   * Runs {@code s}; {@code extraSink} also receives every trace event (e.g. an in-memory trace for
   * tests or the report).
   */
  public static ScenarioResult run(Scenario s, RunOptions options, TraceSink extraSink) {
    ClusterSpec spec = options.registry().byName(s.protocol());
    if (spec == null) {
      throw new UserError("unknown protocol '" + s.protocol() + "'");
    }
    List<List<ClientOp>> ops = s.clientOps();
    Cluster cluster = spec.build(new ClusterParams(s.nodes(), s.variant(), ops, s.options()));
    long endTick = s.durationTicks() + s.stabilizeTicks();
    WorldConfig config = new WorldConfig(s.seed(), s.network(), s.clock(), endTick, s.maxEvents());

    List<TraceSink> sinks = new ArrayList<>();
    JsonlTraceWriter fileSink = null;
    HashingTraceSink hash = null;
    try {
      if (options.outDir() != null) {
        Files.createDirectories(options.outDir());
        fileSink = JsonlTraceWriter.open(options.outDir().resolve("trace.jsonl"));
        sinks.add(fileSink);
      }
      if (options.hashTrace() || options.outDir() != null) {
        hash = new HashingTraceSink();
        sinks.add(hash);
      }
      if (extraSink != null) {
        sinks.add(extraSink);
      }
      TraceSink sink = sinks.isEmpty() ? TraceSink.NONE : new TeeTraceSink(sinks);

      World world = new World(config, cluster, sink);
      world.start(s.protocol(), s.variant(), s.name());
      FaultSchedule.Builder schedule = FaultSchedule.builder();
      for (ScheduledFault f : s.faults()) {
        schedule.at(f.tick(), f.fault());
      }
      if (s.stabilizeTicks() > 0) {
        schedule.at(s.durationTicks(), new Fault.StabilizeAll());
      }
      world.schedule(schedule.build());
      RunOutcome outcome;
      RuntimeException thrown = null;
      try {
        outcome = world.runUntil(endTick);
      } catch (RuntimeException e) {
        // A protocol's always-on assertion (or a bug) threw inside a handler: that is a finding,
        // reported as the property "Exception" so fuzzing and shrinking treat it like any other.
        thrown = e;
        outcome = new RunOutcome(RunOutcome.Stop.VIOLATION, world.tick(), world.events(), null);
      }
      List<HistoryEvent> history = List.copyOf(world.history());

      Verdict verdict = Verdict.PASS;
      String property = null;
      String message = null;
      long violationTick = -1;
      String linJson = null;
      String progressLimit = null;
      if (thrown != null) {
        verdict = Verdict.VIOLATION;
        property = EXCEPTION;
        message = describe(thrown);
        violationTick = world.tick();
      } else if (outcome.violated()) {
        TraceEvent.Violation v = outcome.violation();
        verdict = Verdict.VIOLATION;
        property = v.property();
        message = v.message();
        violationTick = v.tick();
      } else {
        LinearizabilityGate.Outcome lin =
            LinearizabilityGate.check(history, options.linearizabilityBudget());
        linJson = lin.explanationJson();
        if (lin.verdict().equals("not-linearizable")) {
          verdict = Verdict.VIOLATION;
          property = "Linearizability";
          message = lin.sentence();
          violationTick = outcome.tick();
        } else if (lin.verdict().equals("inconclusive")) {
          verdict = Verdict.INCONCLUSIVE;
          message = lin.sentence();
        }
        if (verdict == Verdict.PASS && outcome.stop() == RunOutcome.Stop.EVENT_LIMIT) {
          // Safety held on the prefix that ran, but the run never reached its end: a bound, not
          // a verdict on liveness.
          verdict = Verdict.INCONCLUSIVE;
          message =
              "the run hit its event bound (maxEvents = "
                  + s.maxEvents()
                  + ") at tick "
                  + outcome.tick()
                  + ", before its end at tick "
                  + endTick
                  + ": a message storm or livelock? Raise maxEvents to run on";
        }
        if (verdict == Verdict.PASS && s.stabilizeTicks() > 0) {
          String stuck = Liveness.check(ops, history, outcome.tick());
          if (stuck != null) {
            verdict = Verdict.VIOLATION;
            property = "Liveness";
            message = stuck;
            violationTick = outcome.tick();
            progressLimit = declaredLimit(world);
          }
        }
      }
      // The end reason depends only on the simulation, never on the (time-budgeted) checks, so
      // the trace stays a pure function of the scenario.
      world.end(thrown != null ? "exception" : endReason(outcome));

      String sha = null;
      long traceEvents = 0;
      if (hash != null) {
        traceEvents = hash.count();
        sha = hash.hex();
      }
      if (fileSink != null) {
        fileSink.close();
        fileSink = null;
      }
      ScenarioResult result =
          new ScenarioResult(
              s,
              verdict,
              property,
              message,
              violationTick,
              outcome,
              history,
              linJson,
              sha,
              traceEvents,
              progressLimit);
      if (options.outDir() != null) {
        HistoryJson.write(options.outDir().resolve("history.jsonl"), history);
        Files.writeString(options.outDir().resolve("result.json"), ResultJson.toJson(result));
        if (linJson != null) {
          Files.writeString(options.outDir().resolve("linearizability.json"), linJson + "\n");
        }
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (fileSink != null) {
        try {
          fileSink.close();
        } catch (IOException ignored) {
          // already failing; the first error is the one to report
        }
      }
    }
  }

  /**
   * A known progress limit some node declares at the end of the run: its latest {@code limit}
   * annotation, unless that is "none" (left the limit). Nodes in NodeId order; null if none.
   */
  static String declaredLimit(World world) {
    for (NodeId id : world.nodes()) {
      String limit = world.isUp(id) ? world.latestAnnotation(id, Annotations.PROGRESS_LIMIT) : null;
      if (limit != null && !limit.isBlank() && !limit.equals("none")) {
        return id + ": " + limit;
      }
    }
    return null;
  }

  /** The exception's class, message and the frame that threw it, on one line. */
  static String describe(Throwable e) {
    StackTraceElement[] st = e.getStackTrace();
    String where =
        st.length == 0
            ? ""
            : " at "
                + st[0].getClassName()
                + "."
                + st[0].getMethodName()
                + "("
                + st[0].getFileName()
                + ":"
                + st[0].getLineNumber()
                + ")";
    return e.getClass().getSimpleName() + ": " + e.getMessage() + where;
  }

  private static String endReason(RunOutcome outcome) {
    return switch (outcome.stop()) {
      case TIME_LIMIT -> "time limit";
      case EVENT_LIMIT -> "event limit";
      case VIOLATION -> "violation";
      case QUIESCENT -> "quiescent";
    };
  }
}
