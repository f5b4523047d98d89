package dev.faultline.sim.world;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.trace.NodeStateLog;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.Collections;
import java.util.List;

/**
 * The single-threaded, seeded simulator: one queue of events ordered by (tick, sequence), a network
 * with random and scripted faults, crash/restart with durable storage, per-node clocks, invariants
 * after every event, and a trace. Nothing here reads the wall clock or iterates a hash-ordered
 * collection, so one seed gives one byte-identical trace.
 *
 * <p>Typical use: {@code new World(config, cluster, sink)}, {@link #schedule}, then {@link
 * #runUntil}. Nodes boot at tick 0 in {@link NodeId} order.
 *
 * <p>This class is the event loop and the public face; the parts each do one job: {@link Network}
 * (send and delivery), {@link Links} (which links are cut), {@link Clocks}, {@link FaultChecks}
 * (validation at schedule time), {@link FaultApplier}, {@link NodeRunner} (handlers, crash and
 * restart) and {@link NodeEffects} (what a handler may do). {@link WorldState} is what they share.
 *
 * <p>Semantics (docs/reference/scenario-schema.md has the full table):
 *
 * <ul>
 *   <li><b>Order.</b> Events run in (tick, seq) order; seq is the creation order, so same-tick
 *       events run in the order they were caused. Randomness: the network draws from its own stream
 *       ("network"), each node's timer ranges from "node:&lt;id&gt;".
 *   <li><b>Messages.</b> A self-send skips the network and arrives at the same tick, after the
 *       current handler. Otherwise: a blocked link drops it at send ("partition"); a pending
 *       scripted drop/hold on the link applies and overrides random faults; then random drop, hold
 *       (stale delivery, announced with its tick) or reorder delay, and duplication (a copy with
 *       its own id and latency). At delivery it is dropped if the receiver is down or the link is
 *       cut then. Messages sent before the sender crashed still arrive; a message to a node that
 *       restarted before it arrived reaches the new incarnation.
 *   <li><b>Crash/restart.</b> A crash discards the state and every pending timer (cancelled, so
 *       they cost nothing later); durable state is kept. Restart runs {@code init} with the last
 *       persisted value (null after {@code wipeDisk}). Crashing a down node or restarting an up
 *       node does nothing.
 *   <li><b>Clocks.</b> local = true + offset + floor(true * driftPpm / 1e6); drift changes fold the
 *       accumulated error into the offset so the clock never jumps; a skew sets the current error.
 *       Timer delays are local durations, converted with the drift in force when set.
 *   <li><b>Invariants</b> run after boot and after every event; the first violation stops the run
 *       and records the trace index of the step's first event (its cause).
 * </ul>
 */
public final class World implements SystemView {
  private final WorldState w;
  private final Invariant[] invariants; // an array: an iterator per event was garbage
  private final List<HistoryEvent> historyView;
  private final Clocks clocks;
  private final NodeRunner nodes;
  private final FaultChecks checks;
  private final FaultApplier faults;
  private final NodeStateLog states; // null unless the trace asks for node states

  private long events;
  private TraceEvent.Violation violation;
  private boolean booted;

  public World(WorldConfig config, Cluster cluster, TraceSink trace) {
    this.w = new WorldState(config, cluster, trace);
    this.invariants = cluster.invariants().toArray(new Invariant[0]);
    for (Invariant inv : invariants) {
      if (inv.judgesSteps()) {
        w.steps = new StepLog(w.ids);
        break;
      }
    }
    this.historyView = Collections.unmodifiableList(w.history);
    this.clocks = new Clocks(w);
    Links links = new Links(w);
    Network network = new Network(w, links);
    this.nodes = new NodeRunner(w, network, new NodeEffects(w, network, clocks));
    this.checks = new FaultChecks(w);
    this.faults = new FaultApplier(w, network, links, clocks, nodes);
    this.states = w.trace.enabled() ? w.trace.states() : null;
  }

  /** Records the run's identity as the trace's first event. Optional; call before running. */
  public void start(String protocol, String variant, String scenario) {
    w.emit(new TraceEvent.RunStart(0, w.config.seed(), protocol, variant, scenario, w.idList));
  }

  /** Adds faults to the timeline. Ticks already passed are an error. */
  public void schedule(FaultSchedule faults) {
    // Validate everything first, so a bad schedule leaves the world untouched.
    for (ScheduledFault f : faults.faults()) {
      if (f.tick() < w.now) {
        throw new IllegalArgumentException(
            "fault at tick " + f.tick() + " is in the past (now " + w.now + ")");
      }
      checks.validate(f.fault());
    }
    for (ScheduledFault f : faults.faults()) {
      w.schedule(f.tick(), Event.FAULT, -1, -1, f.fault(), -1, 0);
    }
  }

  /** Runs until the queue's next event is after {@code tickLimit} (or a bound/violation). */
  public RunOutcome runUntil(long tickLimit) {
    boot();
    long limit = Math.min(tickLimit, w.config.maxTicks());
    while (violation == null) {
      Event next = w.queue.peek();
      if (next == null) {
        return finish(RunOutcome.Stop.QUIESCENT);
      }
      if (next.tick > limit) {
        w.now = Math.max(w.now, limit);
        return finish(RunOutcome.Stop.TIME_LIMIT);
      }
      if (events >= w.config.maxEvents()) {
        return finish(RunOutcome.Stop.EVENT_LIMIT);
      }
      step();
    }
    return finish(RunOutcome.Stop.VIOLATION);
  }

  /** Runs to the config's maxTicks. */
  public RunOutcome run() {
    return runUntil(w.config.maxTicks());
  }

  /** Emits the closing trace event. Call once, after the last run. */
  public void end(String reason) {
    w.emit(new TraceEvent.RunEnd(w.now, reason));
  }

  private RunOutcome finish(RunOutcome.Stop stop) {
    return new RunOutcome(stop, w.now, events, violation);
  }

  private void boot() {
    if (booted) {
      return;
    }
    booted = true;
    w.changes++;
    for (int i = 0; i < w.size(); i++) {
      w.up[i] = true;
      nodes.boot(i, null);
    }
    faults.noteCalm();
    checkInvariants(w.traceIndex);
    recordStates();
  }

  /** Processes exactly one event. Returns false when there is none. */
  public boolean step() {
    boot();
    Event e = w.queue.poll();
    if (e == null) {
      return false;
    }
    if (e.cancelled) {
      w.recycle(e);
      return true;
    }
    w.now = e.tick;
    events++;
    w.changes++;
    if (w.steps != null) {
      w.steps.clear();
    }
    long firstTraceIndex = w.traceIndex;
    switch (e.kind) {
      case Event.DELIVER -> nodes.deliver(e);
      case Event.TIMER -> nodes.fireTimer(e);
      case Event.FAULT -> faults.run(e);
      default -> throw new IllegalStateException("unknown event kind " + e.kind);
    }
    faults.applyFired();
    if (e.kind != Event.FAULT) {
      // Nothing keeps a delivered message's event, nor a fired timer's: a live timer event is
      // always its node's pending one (a crash or re-arm cancels the others), and firing it
      // removed it from the node's timers before the handler ran.
      w.recycle(e);
    }
    checkInvariants(firstTraceIndex);
    recordStates();
    return true;
  }

  /** Tells the node-state log (if the trace has one) the state of every node the step touched. */
  private void recordStates() {
    if (states == null) {
      return;
    }
    for (int i = 0; i < w.size(); i++) {
      if (w.touched[i]) {
        w.touched[i] = false;
        states.node(w.ids[i], w.states[i]);
      }
    }
    states.endStep();
  }

  /**
   * Runs every invariant; the first that fails stops the run. {@code firstTraceIndex} is the trace
   * index of the step's first event (its deliver, timer or fault event, which caused whatever the
   * step's handler did): the violation's {@code afterEvent}. When the step wrote nothing (or the
   * run is not traced) it is the last event before, -1 if none.
   */
  private void checkInvariants(long firstTraceIndex) {
    if (violation != null) {
      return;
    }
    for (Invariant inv : invariants) {
      String problem = inv.check(this);
      if (problem != null) {
        long cause = w.traceIndex > firstTraceIndex ? firstTraceIndex : w.traceIndex - 1;
        violation = new TraceEvent.Violation(w.now, inv.name(), problem, cause);
        w.emit(violation);
        return;
      }
    }
  }

  /**
   * The node's latest {@code annotate(key, value)} since it last booted, or null. Tracked whether
   * or not the run is traced.
   */
  @Override
  public String latestAnnotation(NodeId node, String key) {
    return w.annotations.get(w.indexOf(node)).get(key);
  }

  /** The handlers the last event ran, or null unless an invariant of this run judges steps. */
  @Override
  public List<Step> lastSteps() {
    return w.steps == null ? null : w.steps.steps();
  }

  @Override
  public boolean keepsAnnotations() {
    return true;
  }

  // ---------------------------------------------------------------- SystemView

  @Override
  public long tick() {
    return w.now;
  }

  @Override
  public List<NodeId> nodes() {
    return w.idList;
  }

  @Override
  public boolean isUp(NodeId node) {
    return w.up[w.indexOf(node)];
  }

  @Override
  public NodeState<?> state(NodeId node) {
    return w.states[w.indexOf(node)];
  }

  @Override
  public NodeState<?> stateAt(int position) {
    return w.states[position];
  }

  @Override
  public long changeCount() {
    return w.changes;
  }

  @Override
  public long changedAt(int position) {
    return w.changedAt[position];
  }

  @Override
  public Durable durable(NodeId node) {
    return w.durables[w.indexOf(node)];
  }

  @Override
  public Durable durableAt(int position) {
    return w.durables[position];
  }

  @Override
  public List<HistoryEvent> history() {
    return historyView;
  }

  public long events() {
    return events;
  }

  /**
   * The stretches of the run so far during which no fault acted ({@link CalmWindow}), in order; the
   * last ends at {@link Long#MAX_VALUE} if the world is calm now.
   */
  public List<CalmWindow> calmWindows() {
    return w.calm.windows();
  }

  /**
   * The last tick at which a fault acted: a scheduled fault (stabilization included), the end of an
   * isolate-after, or a state-aware fault that fired (one armed during the fault period may fire
   * after it). -1 if none did. From here on the run is fault-free.
   */
  public long lastFaultTick() {
    return w.lastFaultTick;
  }

  public TraceEvent.Violation violation() {
    return violation;
  }

  public WorldConfig config() {
    return w.config;
  }

  /** The local clock reading a node would get now (for tests and reports). */
  public ClockReading clockOf(NodeId node) {
    return clocks.reading(w.indexOf(node));
  }
}
