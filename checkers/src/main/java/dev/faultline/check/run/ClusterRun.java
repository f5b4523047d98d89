package dev.faultline.check.run;

import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.History;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Models;
import dev.faultline.check.Verdict;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.api.StateFidelity;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.RunOutcome;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The run semantics, in the one place every run uses them (the scenario runner, the fuzzer and
 * shrinker through it, the contract suite and the protocols' own tests):
 *
 * <ol>
 *   <li>cluster = spec.build(params), checking the invariants {@link Options#invariants} gives (by
 *       default its own; none for a black-box run judged by its client history alone), plus {@link
 *       StateFidelity} in a white-box run of a protocol that asks for it;
 *   <li>WorldConfig(seed, network, clock, maxTicks = durationTicks + stabilizeTicks, maxEvents);
 *   <li>start; schedule the faults; if stabilizeTicks &gt; 0, StabilizeAll at durationTicks; run to
 *       the end (a {@link Nemesis} acts during the fault period, a {@link Probe} looks at one
 *       tick);
 *   <li>a handler that throws is the property {@value #EXCEPTION}; else an invariant that broke;
 *       else linearizability of the history (kv model); else, if the event bound stopped the run,
 *       inconclusive; else, if stabilizeTicks &gt; 0, liveness (every client finished its script),
 *       with the progress limit a node declares, if any; else, if stabilizeTicks &gt; 0, the
 *       protocol's EVENTUALLY properties ({@link dev.faultline.sim.api.ClusterSpec#eventually}),
 *       each reported under its own name (skipped by a black-box run); else, if stabilizeTicks &gt;
 *       0 and the protocol declares a {@link SettledLatency} bound, that bound, reported as
 *       liveness (with the progress limit a node declares, if any).
 * </ol>
 *
 * A run is single-threaded and deterministic: the same plan gives the same trace.
 */
public final class ClusterRun {
  /** The property reported when a node's handler throws (an assertion in protocol code). */
  public static final String EXCEPTION = "Exception";

  public static final String LINEARIZABILITY = "Linearizability";
  public static final String LIVENESS = "Liveness";

  /** The linearizability budget of runs that do not choose one. */
  public static final CheckBudget DEFAULT_BUDGET = CheckBudget.ofSteps(2_000_000);

  private ClusterRun() {}

  /**
   * A state-aware fault injector (Jepsen-style nemesis) called during the fault period, from tick
   * 100 until 100 ticks before its end: it looks at the world (e.g. who leads) and schedules faults
   * from now on. Deterministic: it sees only the seeded world and draws from its own seeded stream.
   */
  public interface Nemesis {
    /** Acts at {@code now}; returns the tick of its next action. */
    long act(World world, Cluster cluster, long now);
  }

  /** Looks at the world once, at {@code tick}, unless something broke before. */
  public record Probe(long tick, Consumer<World> look) {}

  /**
   * How to run beyond the plan; {@link #DEFAULT}: the cluster's own invariants, no nemesis, no
   * probe. {@code invariants} maps the built cluster's invariants to those the run checks; {@code
   * eventually}: whether the run checks the spec's EVENTUALLY properties at its end.
   */
  public record Options(
      UnaryOperator<List<Invariant>> invariants,
      CheckBudget linearizabilityBudget,
      Nemesis nemesis,
      Probe probe,
      boolean eventually) {
    public static final Options DEFAULT =
        new Options(UnaryOperator.identity(), DEFAULT_BUDGET, null, null, true);

    /** A black-box run, judged by its client history alone (as Jepsen would see it). */
    public Options withoutInvariants() {
      return new Options(built -> List.of(), linearizabilityBudget, nemesis, probe, false);
    }

    public Options withInvariants(UnaryOperator<List<Invariant>> op) {
      return new Options(op, linearizabilityBudget, nemesis, probe, eventually);
    }

    public Options withBudget(CheckBudget b) {
      return new Options(invariants, b, nemesis, probe, eventually);
    }

    public Options withNemesis(Nemesis n) {
      return new Options(invariants, linearizabilityBudget, n, probe, eventually);
    }

    public Options withProbe(Probe p) {
      return new Options(invariants, linearizabilityBudget, nemesis, p, eventually);
    }
  }

  /**
   * What a run found: the violated property (null when none), a sentence, where, whether the
   * verdict is inconclusive (a check or the event bound ran out), and the run itself.
   */
  public record Result(
      String property,
      String message,
      long violationTick,
      boolean inconclusive,
      RunOutcome outcome,
      List<HistoryEvent> history,
      String linearizabilityJson,
      String progressLimit,
      World world,
      Cluster cluster) {
    public boolean passed() {
      return property == null && !inconclusive;
    }

    /**
     * Passed, or stuck in a progress limit a node declared (no safety property broke): the one
     * verdict every entry point (the CLI's fuzz, FaultlineFuzz's check, checkSeed and dynamicTests)
     * counts as not failing, see {@link #excusedByLimit}.
     */
    public boolean safe() {
      return !inconclusive && (property == null || excusedByLimit(property, progressLimit));
    }
  }

  /**
   * The one treatment of progress limits: a violated {@code property} is excused (an accepted
   * outcome, reported as a progress limit, not a failure) exactly when it is {@value #LIVENESS} and
   * a node declared a progress limit that still held at the end of the run. Every other violation
   * is a failure.
   */
  public static boolean excusedByLimit(String property, String progressLimit) {
    return LIVENESS.equals(property) && progressLimit != null;
  }

  public static Result run(RunPlan plan) {
    return run(plan, TraceSink.NONE, Options.DEFAULT);
  }

  public static Result run(RunPlan plan, TraceSink sink) {
    return run(plan, sink, Options.DEFAULT);
  }

  public static Result run(RunPlan plan, TraceSink sink, Options options) {
    Cluster built = plan.spec().build(plan.params());
    Cluster cluster =
        new Cluster(
            built.nodes(), built.servers(), built.clients(), invariants(plan, options, built));
    WorldConfig config =
        new WorldConfig(
            plan.seed(), plan.network(), plan.clock(), plan.endTick(), plan.maxEvents());
    World world = new World(config, cluster, sink);
    world.start(plan.spec().name(), plan.params().variant(), plan.name());
    FaultSchedule.Builder schedule = FaultSchedule.builder();
    for (ScheduledFault f : plan.faults()) {
      schedule.at(f.tick(), f.fault());
    }
    if (plan.stabilizeTicks() > 0) {
      schedule.at(plan.durationTicks(), new Fault.StabilizeAll());
    }
    world.schedule(schedule.build());
    RunOutcome outcome;
    RuntimeException thrown = null;
    try {
      outcome = drive(world, cluster, plan, options);
    } catch (RuntimeException e) {
      // A protocol's always-on assertion (or a bug) threw inside a handler: that is a finding,
      // reported as the property "Exception" so fuzzing and shrinking treat it like any other.
      thrown = e;
      outcome = new RunOutcome(RunOutcome.Stop.VIOLATION, world.tick(), world.events(), null);
    }
    Result result = judge(plan, options, world, cluster, outcome, thrown);
    // The end reason depends only on the simulation, never on the (time-budgeted) checks, so the
    // trace stays a pure function of the plan.
    world.end(thrown != null ? "exception" : endReason(outcome));
    return result;
  }

  /**
   * The invariants the run checks: those {@link Options#invariants} gives, plus {@link
   * StateFidelity} when the protocol asks for it and the run is white-box (checks EVENTUALLY).
   */
  private static List<Invariant> invariants(RunPlan plan, Options options, Cluster built) {
    List<Invariant> checked = options.invariants().apply(built.invariants());
    int every = plan.spec().stateFidelityEvery();
    if (every <= 0 || !options.eventually()) {
      return checked;
    }
    List<Invariant> all = new java.util.ArrayList<>(checked);
    all.add(new StateFidelity(every));
    return all;
  }

  /** Runs to the end, letting the nemesis act during the fault period and the probe look. */
  private static RunOutcome drive(World w, Cluster cluster, RunPlan plan, Options options) {
    if (options.nemesis() != null) {
      long next = 100;
      while (next < plan.durationTicks() - 100) {
        if (w.runUntil(next).violated()) {
          break;
        }
        next = Math.max(next + 1, options.nemesis().act(w, cluster, next));
      }
    }
    Probe probe = options.probe();
    if (probe != null && probe.tick() < plan.endTick()) {
      RunOutcome atProbe = w.runUntil(probe.tick());
      if (atProbe.violated()) {
        return atProbe;
      }
      probe.look().accept(w);
    }
    return w.runUntil(plan.endTick());
  }

  /** What the checks found, before it becomes a {@link Result}. */
  private record Found(
      String property,
      String message,
      long tick,
      boolean inconclusive,
      String linearizabilityJson,
      String progressLimit) {}

  private static Result judge(
      RunPlan plan,
      Options options,
      World world,
      Cluster cluster,
      RunOutcome outcome,
      RuntimeException thrown) {
    List<HistoryEvent> history = List.copyOf(world.history());
    Found f;
    if (thrown != null) {
      f = new Found(EXCEPTION, describe(thrown), world.tick(), false, null, null);
    } else if (outcome.violated()) {
      TraceEvent.Violation v = outcome.violation();
      f = new Found(v.property(), v.message(), v.tick(), false, null, null);
    } else {
      f = checkHistory(plan, options, world, outcome, history);
    }
    return new Result(
        f.property(),
        f.message(),
        f.tick(),
        f.inconclusive(),
        outcome,
        history,
        f.linearizabilityJson(),
        f.progressLimit(),
        world,
        cluster);
  }

  /** Linearizability, then the event bound, then (after a stabilize phase) liveness. */
  private static Found checkHistory(
      RunPlan plan, Options options, World world, RunOutcome outcome, List<HistoryEvent> history) {
    // One thread: a run is one seed, and campaigns run seeds in parallel; a helper thread per
    // check competed with the other seeds' threads and kept a second core busy on --threads 1.
    var kv = Models.kv();
    CheckResult lin =
        Linearizability.check(
            History.fromHistoryEvents(history, kv), kv, options.linearizabilityBudget(), 1);
    String json = lin.toJson();
    if (lin.verdict() == Verdict.NOT_LINEARIZABLE) {
      return new Found(LINEARIZABILITY, lin.summary(), outcome.tick(), false, json, null);
    }
    if (lin.verdict() == Verdict.INCONCLUSIVE) {
      return new Found(null, lin.summary(), -1, true, json, null);
    }
    if (outcome.stop() == RunOutcome.Stop.EVENT_LIMIT) {
      // Safety held on the prefix that ran, but the run never reached its end: a bound, not a
      // verdict on liveness.
      String bound =
          "the run hit its event bound (maxEvents = "
              + plan.maxEvents()
              + ") at tick "
              + outcome.tick()
              + ", before its end at tick "
              + plan.endTick()
              + ": a message storm or livelock? Raise maxEvents to run on";
      return new Found(null, bound, -1, true, json, null);
    }
    String stuck =
        plan.stabilizeTicks() > 0
            ? Liveness.check(plan.params().workload(), history, outcome.tick())
            : null;
    if (stuck != null) {
      return new Found(
          LIVENESS, stuck, outcome.tick(), false, json, declaredLimit(world, plan.spec()));
    }
    if (plan.stabilizeTicks() > 0 && options.eventually()) {
      for (Invariant e : plan.spec().eventually(plan.params())) {
        String never = e.check(world);
        if (never != null) {
          return new Found(e.name(), never, outcome.tick(), false, json, null);
        }
      }
    }
    String slow = plan.stabilizeTicks() > 0 ? settledLatency(plan, world, history) : null;
    if (slow == null) {
      slow = calmLatency(plan, world, history, outcome.tick());
    }
    if (slow != null) {
      // An excess of the declared bound is a Liveness failure, excused by a progress limit that
      // holds exactly as an unfinished operation is.
      return new Found(
          LIVENESS, slow, outcome.tick(), false, json, declaredLimit(world, plan.spec()));
    }
    return new Found(null, null, -1, false, json, null);
  }

  /** The protocol's settled latency bound ({@link SettledLatencyCheck}), if it declares one. */
  private static String settledLatency(RunPlan plan, World world, List<HistoryEvent> history) {
    SettledLatency bound = plan.spec().settledLatency(plan.params());
    if (bound == null) {
      return null;
    }
    long quiet = SettledLatencyCheck.quietTick(plan, world.lastFaultTick());
    return SettledLatencyCheck.check(bound, history, plan.params().workload().size(), quiet);
  }

  /** The protocol's calm latency bound ({@link CalmLatencyCheck}), if its options ask for one. */
  private static String calmLatency(
      RunPlan plan, World world, List<HistoryEvent> history, long endTick) {
    SettledLatency bound = plan.spec().calmLatency(plan.params());
    if (bound == null) {
      return null;
    }
    return CalmLatencyCheck.check(
        bound,
        world.calmWindows(),
        SettledLatencyCheck.longestDelay(plan),
        history,
        plan.params().workload().size(),
        endTick);
  }

  /**
   * A known progress limit some node declares at the end of the run: its latest {@code limit}
   * annotation, unless that is "none" (left the limit), and only while the spec confirms its cause
   * still holds ({@link ClusterSpec#limitAtEnd}). Nodes in NodeId order; null if none.
   */
  static String declaredLimit(World world, ClusterSpec spec) {
    for (NodeId id : world.nodes()) {
      String limit = world.isUp(id) ? world.latestAnnotation(id, Annotations.PROGRESS_LIMIT) : null;
      if (limit != null && !limit.isBlank() && !limit.equals("none")) {
        limit = spec.limitAtEnd(world, id, limit);
      }
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
