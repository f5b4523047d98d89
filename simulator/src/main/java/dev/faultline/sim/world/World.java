package dev.faultline.sim.world;

import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.api.Timer;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.rand.Rng;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The single-threaded, seeded simulator: one queue of events ordered by (tick, sequence), a network
 * with random and scripted faults, crash/restart with durable storage, per-node clocks, invariants
 * after every event, and a trace. Nothing here reads the wall clock or iterates a hash-ordered
 * collection, so one seed gives one byte-identical trace.
 *
 * <p>Typical use: {@code new World(config, cluster, sink)}, {@link #schedule}, then {@link
 * #runUntil}. Nodes boot at tick 0 in {@link NodeId} order.
 *
 * <p>Semantics (README "The kernel" has the full table):
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
  private final WorldConfig config;
  private final NodeId[] ids;
  private final List<NodeId> idList;
  private final Map<NodeId, Integer> index = new HashMap<>(); // lookups only, never iterated
  private final Protocol<?, ?, ?>[] protocols;
  private final NodeState<?>[] states;
  private final Durable[] durables;
  private final boolean[] up;
  private final int[] incarnation;
  private final long[] clockOffsetTicks;
  private final long[] clockDriftPpm;
  private final Rng[] nodeRngs;
  private final TimerSlots[] timers; // per node
  private final boolean[][] blocked;
  private final boolean[] client;
  // Latest annotation per node and key (this incarnation only; a crash forgets them). Kept even
  // when tracing is off, for role-targeted faults and for the runner's progress-limit check.
  // Lookups only, never iterated.
  private final List<Map<String, String>> annotations = new ArrayList<>();
  // Nodes in the order they crashed and are still down, for RestartLastCrashed.
  private final List<Integer> crashedOrder = new ArrayList<>();
  // Armed reboot-after / isolate-after faults and which fired in the running handler.
  private final AnnotationTriggers triggers = new AnnotationTriggers();
  // Nodes an isolate-after holds cut off now (their links stay cut when another one's ends).
  private boolean[] isolatedAfter;
  // Marks (in Event.from) the internal FAULT event that ends a node's isolate-after.
  private static final int ISOLATE_AFTER_ENDS = -2;
  private final List<Invariant> invariants;
  private final TraceSink trace;
  private final EventQueue queue = new EventQueue();
  private final Rng networkRng;
  private final List<HistoryEvent> history = new ArrayList<>();
  private final List<HistoryEvent> historyView = Collections.unmodifiableList(history);
  private final List<ScriptedLinkFault> scriptedLinkFaults = new ArrayList<>();
  private final NodeEffects effects = new NodeEffects();

  private NetworkConfig network;
  private long now;
  private long seq;
  private long nextMsgId;
  private long events;
  private long traceIndex;
  private TraceEvent.Violation violation;
  private boolean booted;

  public World(WorldConfig config, Cluster cluster, TraceSink trace) {
    this.config = config;
    this.network = config.network();
    this.trace = trace == null ? TraceSink.NONE : trace;
    this.idList = List.copyOf(cluster.nodes().keySet());
    int n = idList.size();
    if (n == 0) {
      throw new IllegalArgumentException("cluster has no nodes");
    }
    this.ids = idList.toArray(new NodeId[0]);
    this.protocols = new Protocol<?, ?, ?>[n];
    for (int i = 0; i < n; i++) {
      index.put(ids[i], i);
      protocols[i] = cluster.nodes().get(ids[i]);
    }
    this.states = new NodeState<?>[n];
    this.durables = new Durable[n];
    this.up = new boolean[n];
    this.incarnation = new int[n];
    this.clockOffsetTicks = new long[n];
    this.clockDriftPpm = new long[n];
    this.nodeRngs = new Rng[n];
    this.timers = new TimerSlots[n];
    for (int i = 0; i < n; i++) {
      nodeRngs[i] = Rng.derived(config.seed(), "node:" + ids[i].name());
      timers[i] = new TimerSlots();
    }
    this.blocked = new boolean[n][n];
    this.client = new boolean[n];
    for (int i = 0; i < n; i++) {
      client[i] = cluster.clients().contains(ids[i]);
    }
    for (int i = 0; i < n; i++) {
      annotations.add(new HashMap<>());
    }
    this.invariants = cluster.invariants();
    this.networkRng = Rng.derived(config.seed(), "network");
  }

  /** Records the run's identity as the trace's first event. Optional; call before running. */
  public void start(String protocol, String variant, String scenario) {
    emit(new TraceEvent.RunStart(0, config.seed(), protocol, variant, scenario, idList));
  }

  /** Adds faults to the timeline. Ticks already passed are an error. */
  public void schedule(FaultSchedule faults) {
    // Validate everything first, so a bad schedule leaves the world untouched.
    for (ScheduledFault f : faults.faults()) {
      if (f.tick() < now) {
        throw new IllegalArgumentException(
            "fault at tick " + f.tick() + " is in the past (now " + now + ")");
      }
      validate(f.fault());
    }
    for (ScheduledFault f : faults.faults()) {
      queue.add(new Event(f.tick(), seq++, Event.FAULT, -1, -1, f.fault(), -1, 0));
    }
  }

  /** Runs until the queue's next event is after {@code tickLimit} (or a bound/violation). */
  public RunOutcome runUntil(long tickLimit) {
    boot();
    long limit = Math.min(tickLimit, config.maxTicks());
    while (violation == null) {
      Event next = queue.peek();
      if (next == null) {
        return finish(RunOutcome.Stop.QUIESCENT);
      }
      if (next.tick > limit) {
        now = Math.max(now, limit);
        return finish(RunOutcome.Stop.TIME_LIMIT);
      }
      if (events >= config.maxEvents()) {
        return finish(RunOutcome.Stop.EVENT_LIMIT);
      }
      step();
    }
    return finish(RunOutcome.Stop.VIOLATION);
  }

  /** Runs to the config's maxTicks. */
  public RunOutcome run() {
    return runUntil(config.maxTicks());
  }

  /** Emits the closing trace event. Call once, after the last run. */
  public void end(String reason) {
    emit(new TraceEvent.RunEnd(now, reason));
  }

  private RunOutcome finish(RunOutcome.Stop stop) {
    return new RunOutcome(stop, now, events, violation);
  }

  private void boot() {
    if (booted) {
      return;
    }
    booted = true;
    for (int i = 0; i < ids.length; i++) {
      up[i] = true;
      bootNode(i, null);
    }
    checkInvariants(traceIndex);
  }

  /** Processes exactly one event. Returns false when there is none. */
  public boolean step() {
    boot();
    Event e = queue.poll();
    if (e == null) {
      return false;
    }
    if (e.cancelled) {
      return true;
    }
    now = e.tick;
    events++;
    long firstTraceIndex = traceIndex;
    switch (e.kind) {
      case Event.DELIVER -> deliver(e);
      case Event.TIMER -> fireTimer(e);
      case Event.FAULT -> {
        if (e.from == ISOLATE_AFTER_ENDS) {
          endIsolateAfter(e.node);
        } else {
          applyFault((Fault) e.payload);
        }
      }
      default -> throw new IllegalStateException("unknown event kind " + e.kind);
    }
    for (AnnotationTriggers.Fired f : triggers.takeFired()) {
      switch (f.fault()) {
        case Fault.RebootAfterAnnotation r -> rebootNow(f.node(), r, f.reason());
        case Fault.IsolateAfterAnnotation r -> isolateNow(f.node(), r, f.reason());
      }
    }
    checkInvariants(firstTraceIndex);
    return true;
  }

  // ---------------------------------------------------------------- handlers

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void bootNode(int i, Durable durable) {
    effects.node = i;
    Protocol p = protocols[i];
    triggers.booting(true);
    try {
      states[i] = p.init(ids[i], durable, effects);
    } finally {
      triggers.booting(false);
    }
    if (states[i] == null) {
      throw new IllegalStateException(ids[i] + ": init returned null state");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void deliver(Event e) {
    int to = e.node;
    if (!up[to]) {
      if (trace.enabled()) {
        emit(new TraceEvent.Drop(now, e.msgId, ids[e.from], ids[to], "down"));
      }
      return;
    }
    if (blocked[e.from][to]) {
      if (trace.enabled()) {
        emit(new TraceEvent.Drop(now, e.msgId, ids[e.from], ids[to], "partition"));
      }
      return;
    }
    if (trace.enabled()) {
      emit(new TraceEvent.Deliver(now, e.msgId, ids[e.from], ids[to], (Message) e.payload));
    }
    effects.node = to;
    Protocol p = protocols[to];
    p.onMessage(states[to], ids[e.from], (Message) e.payload, effects);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void fireTimer(Event e) {
    int i = e.node;
    Timer timer = (Timer) e.payload;
    // A crash cancels every pending timer and a re-arm cancels the one it replaces, so a live
    // event here always belongs to the current incarnation; the checks are cheap insurance.
    if (!up[i] || incarnation[i] != e.incarnation || !timers[i].removeIfCurrent(timer, e)) {
      return;
    }
    if (trace.enabled()) {
      emit(new TraceEvent.TimerFire(now, ids[i], timer));
    }
    effects.node = i;
    Protocol p = protocols[i];
    p.onTimer(states[i], timer, effects);
  }

  // ---------------------------------------------------------------- network

  private void send(int from, NodeId toId, Message m) {
    int to = destination(toId);
    if (to < 0) {
      throw new IllegalArgumentException(
          ids[from] + " sent " + m.getClass().getSimpleName() + " to unknown node " + toId);
    }
    long msgId = nextMsgId++;
    boolean traced = trace.enabled();
    if (traced) {
      emit(new TraceEvent.Send(now, msgId, ids[from], ids[to], m));
    }
    if (from == to) {
      // A self-send never touches the network (no latency, loss, partition or scripted fault):
      // it is delivered at the same tick, after the current handler, unless the node crashes.
      queue.add(new Event(now, seq++, Event.DELIVER, to, from, m, msgId, 0));
      return;
    }
    if (blocked[from][to]) {
      // Checked at send and again at delivery: a message cannot cross a link that is cut when it
      // leaves, and one in flight when the cut happens is lost too.
      if (traced) {
        emit(new TraceEvent.Drop(now, msgId, ids[from], ids[to], "partition"));
      }
      return;
    }
    NetworkConfig net = network;
    if (!scriptedLinkFaults.isEmpty()) {
      ScriptedLinkFault scripted = matchScripted(from, to);
      if (scripted != null) {
        if (scripted.holdTicks < 0) {
          if (traced) {
            emit(new TraceEvent.Drop(now, msgId, ids[from], ids[to], "fault"));
          }
          return;
        }
        // A scripted hold overrides the random faults (it is neither lost nor copied): it arrives
        // holdTicks later than its normal latency, and is dropped only if the link is cut then.
        long at = now + latency(net) + scripted.holdTicks;
        if (traced) {
          emit(new TraceEvent.Hold(now, msgId, ids[from], ids[to], at));
        }
        queue.add(new Event(at, seq++, Event.DELIVER, to, from, m, msgId, 0));
        return;
      }
    }
    if (net.dropRate() > 0 && networkRng.chance(net.dropRate())) {
      if (traced) {
        emit(new TraceEvent.Drop(now, msgId, ids[from], ids[to], "random"));
      }
      return;
    }
    long at = now + latency(net);
    if (net.holdRate() > 0 && networkRng.chance(net.holdRate())) {
      at += networkRng.nextLong(net.holdTicksMin(), net.holdTicksMax());
      if (traced) {
        emit(new TraceEvent.Hold(now, msgId, ids[from], ids[to], at));
      }
    } else if (net.reorderRate() > 0 && networkRng.chance(net.reorderRate())) {
      at += networkRng.nextLong(0, net.reorderTicksMax());
    }
    queue.add(new Event(at, seq++, Event.DELIVER, to, from, m, msgId, 0));
    if (net.duplicateRate() > 0 && networkRng.chance(net.duplicateRate())) {
      // The copy travels independently: its own latency plus up to reorderTicksMax, so it may
      // arrive before or after the original.
      long copyId = nextMsgId++;
      long copyAt = now + latency(net) + networkRng.nextLong(0, net.reorderTicksMax());
      if (traced) {
        emit(new TraceEvent.Duplicate(now, msgId, copyId, ids[from], ids[to]));
      }
      queue.add(new Event(copyAt, seq++, Event.DELIVER, to, from, m, copyId, 0));
    }
  }

  /**
   * The receiver's index. Protocols usually send to the very NodeId instances their configuration
   * holds, so an identity scan of a small cluster answers before any hashing.
   */
  private int destination(NodeId to) {
    NodeId[] all = ids;
    if (all.length <= 16) {
      for (int k = 0; k < all.length; k++) {
        if (all[k] == to) {
          return k;
        }
      }
    }
    Integer i = index.get(to);
    return i == null ? -1 : i;
  }

  private long latency(NetworkConfig net) {
    Latency l = net.latency();
    // The common cases first, without a pattern switch's type-dispatch call on the hot path.
    if (l instanceof Latency.Uniform u) {
      return networkRng.nextLong(u.minTicks(), u.maxTicks());
    }
    if (l instanceof Latency.Fixed f) {
      return f.ticks();
    }
    return switch (l) {
      case Latency.Fixed f -> f.ticks();
      case Latency.Uniform u -> networkRng.nextLong(u.minTicks(), u.maxTicks());
      case Latency.LongTail t -> {
        // StrictMath, not Math: Math.log1p may be an intrinsic whose last bit differs between
        // JVMs and CPUs, which would change a seed's schedule.
        double mean = Math.max(1e-9, t.meanTicks() - t.minTicks());
        double u = networkRng.nextDouble();
        long draw = t.minTicks() + (long) StrictMath.floor(-mean * StrictMath.log1p(-u));
        yield Math.min(draw, t.maxTicks());
      }
    };
  }

  private ScriptedLinkFault matchScripted(int from, int to) {
    for (int k = 0; k < scriptedLinkFaults.size(); k++) {
      ScriptedLinkFault s = scriptedLinkFaults.get(k);
      if ((s.from < 0 || s.from == from) && (s.to < 0 || s.to == to)) {
        if (--s.remaining <= 0) {
          scriptedLinkFaults.remove(k);
        }
        return s;
      }
    }
    return null;
  }

  private static final class ScriptedLinkFault {
    final int from;
    final int to;
    final long holdTicks; // < 0: drop
    int remaining;

    ScriptedLinkFault(int from, int to, long holdTicks, int remaining) {
      this.from = from;
      this.to = to;
      this.holdTicks = holdTicks;
      this.remaining = remaining;
    }
  }

  // ---------------------------------------------------------------- faults

  private void validate(Fault f) {
    switch (f) {
      case Fault.Partition p -> {
        java.util.TreeSet<NodeId> seen = new java.util.TreeSet<>();
        for (Set<NodeId> g : p.groups()) {
          for (NodeId id : g) {
            indexOf("partition.groups", id);
            if (!seen.add(id)) {
              throw new IllegalArgumentException(
                  "partition.groups: node '" + id + "' is in more than one group");
            }
          }
        }
      }
      case Fault.Isolate iso -> indexOf("isolate.node", iso.node());
      case Fault.BlockLink b -> {
        indexOf("block.from", b.from());
        indexOf("block.to", b.to());
      }
      case Fault.UnblockLink b -> {
        indexOf("unblock.from", b.from());
        indexOf("unblock.to", b.to());
      }
      case Fault.Crash c -> indexOf("crash.node", c.node());
      case Fault.Restart r -> indexOf("restart.node", r.node());
      case Fault.ClockSkew s -> {
        indexOf("skew.node", s.node());
        if (Math.abs(s.offsetTicks()) > MAX_CLOCK_ERROR_TICKS) {
          throw new IllegalArgumentException(
              "skew.offsetTicks must be within +-"
                  + MAX_CLOCK_ERROR_TICKS
                  + ", was "
                  + s.offsetTicks());
        }
      }
      case Fault.ClockDrift d -> {
        indexOf("drift.node", d.node());
        if (d.driftPpm() <= -1_000_000 || d.driftPpm() > MAX_DRIFT_PPM) {
          throw new IllegalArgumentException(
              "drift.driftPpm must be in (-1000000, "
                  + MAX_DRIFT_PPM
                  + "] (a clock cannot stop or run backwards), was "
                  + d.driftPpm());
        }
      }
      case Fault.HoldMessages h -> {
        optionalIndexOf("hold.from", h.from());
        optionalIndexOf("hold.to", h.to());
        Configs.requireAtLeast("hold.count", h.count(), 1);
        Configs.requireAtLeast("hold.holdTicks", h.holdTicks(), 0);
      }
      case Fault.DropMessages d -> {
        optionalIndexOf("drop.from", d.from());
        optionalIndexOf("drop.to", d.to());
        Configs.requireAtLeast("drop.count", d.count(), 1);
      }
      case Fault.Heal h -> {}
      case Fault.CrashRole c -> requireRole("crash-role.role", c.role());
      case Fault.IsolateRole iso -> requireRole("isolate-role.role", iso.role());
      case Fault.RestartLastCrashed r -> {}
      case Fault.RebootAfterAnnotation r -> {
        if (r.key() == null || r.key().isBlank()) {
          throw new IllegalArgumentException("reboot-after.key: annotation key is missing");
        }
        Configs.requireAtLeast("reboot-after.downTicks", r.downTicks(), 0);
      }
      case Fault.IsolateAfterAnnotation r -> {
        if (r.key() == null || r.key().isBlank()) {
          throw new IllegalArgumentException("isolate-after.key: annotation key is missing");
        }
        Configs.requireAtLeast("isolate-after.isolateTicks", r.isolateTicks(), 1);
      }
      case Fault.SetNetwork s -> java.util.Objects.requireNonNull(s.network(), "network.network");
      case Fault.StabilizeAll s -> {}
    }
  }

  private static void requireRole(String field, String role) {
    if (role == null || role.isBlank()) {
      throw new IllegalArgumentException(field + ": role is missing");
    }
  }

  private int indexOf(String field, NodeId id) {
    if (id == null) {
      throw new IllegalArgumentException(field + ": node is missing");
    }
    Integer i = index.get(id);
    if (i == null) {
      throw new IllegalArgumentException(
          field + ": unknown node '" + id + "' (nodes: " + idList + ")");
    }
    return i;
  }

  private int optionalIndexOf(String field, NodeId id) {
    return id == null ? -1 : indexOf(field, id);
  }

  private int indexOf(NodeId id) {
    Integer i = index.get(id);
    if (i == null) {
      throw new IllegalArgumentException("unknown node '" + id + "' (nodes: " + idList + ")");
    }
    return i;
  }

  private int optionalIndexOf(NodeId id) {
    return id == null ? -1 : indexOf(id);
  }

  /** Bounds that keep clock arithmetic (true ticks x ppm) far from long overflow. */
  private static final long MAX_DRIFT_PPM = 1_000_000_000L;

  private static final long MAX_CLOCK_ERROR_TICKS = 1L << 50;

  private void applyFault(Fault f) {
    switch (f) {
      case Fault.Partition p -> {
        clearBlocked();
        List<Set<NodeId>> groups = p.groups();
        for (int a = 0; a < groups.size(); a++) {
          for (int b = 0; b < groups.size(); b++) {
            if (a == b) {
              continue;
            }
            for (NodeId x : groups.get(a)) {
              for (NodeId y : groups.get(b)) {
                blocked[indexOf(x)][indexOf(y)] = true;
              }
            }
          }
        }
        emitPartition("partition " + describeGroups(groups));
      }
      case Fault.Isolate iso -> {
        int i = indexOf(iso.node());
        for (int j = 0; j < ids.length; j++) {
          if (j != i) {
            blocked[i][j] = true;
            blocked[j][i] = true;
          }
        }
        emitPartition("isolate " + iso.node());
      }
      case Fault.BlockLink b -> {
        blocked[indexOf(b.from())][indexOf(b.to())] = true;
        emitPartition("block " + b.from() + "->" + b.to());
      }
      case Fault.UnblockLink b -> {
        blocked[indexOf(b.from())][indexOf(b.to())] = false;
        emitPartition("unblock " + b.from() + "->" + b.to());
      }
      case Fault.Heal h -> {
        clearBlocked();
        emitPartition("heal");
      }
      case Fault.Crash c -> crash(indexOf(c.node()));
      case Fault.Restart r -> restart(indexOf(r.node()), r.wipeDisk());
      case Fault.CrashRole c -> {
        int i = nodeWithRole(c.role());
        if (i < 0) {
          noTarget("crash-role", c.role());
        } else {
          crash(i);
        }
      }
      case Fault.IsolateRole iso -> {
        int i = nodeWithRole(iso.role());
        if (i < 0) {
          noTarget("isolate-role", iso.role());
        } else {
          for (int j = 0; j < ids.length; j++) {
            if (j != i && !(iso.keepClients() && client[j])) {
              blocked[i][j] = true;
              blocked[j][i] = true;
            }
          }
          emitPartition(
              "isolate-role "
                  + iso.role()
                  + ": "
                  + ids[i]
                  + (iso.keepClients() ? " (clients still reach it)" : ""));
        }
      }
      case Fault.RestartLastCrashed r -> {
        if (crashedOrder.isEmpty()) {
          if (trace.enabled()) {
            emit(new TraceEvent.NetworkChange(now, "restart-last: no node is down (no-op)"));
          }
        } else {
          restart(crashedOrder.get(crashedOrder.size() - 1), false);
        }
      }
      case Fault.AfterAnnotation r -> {
        triggers.arm(r);
        if (trace.enabled()) {
          emit(
              new TraceEvent.NetworkChange(
                  now,
                  r.type()
                      + " "
                      + r.key()
                      + ": armed (the next node to set a new '"
                      + r.key()
                      + "' "
                      + r.effect()
                      + ")"));
        }
      }
      case Fault.ClockSkew s -> {
        // The clock now reads offsetTicks ahead of true time (behind if negative); any drift
        // keeps running from here.
        int i = indexOf(s.node());
        clockOffsetTicks[i] = s.offsetTicks() - driftErrorTicks(i);
        emitClock(i);
      }
      case Fault.ClockDrift d -> {
        int i = indexOf(d.node());
        // Keep the local clock continuous: fold the drift so far into the offset.
        clockOffsetTicks[i] += driftErrorTicks(i);
        clockOffsetTicks[i] -= Math.floorDiv(Math.multiplyExact(now, d.driftPpm()), 1_000_000L);
        clockDriftPpm[i] = d.driftPpm();
        emitClock(i);
      }
      case Fault.HoldMessages h -> {
        scriptedLinkFaults.add(
            new ScriptedLinkFault(
                optionalIndexOf(h.from()), optionalIndexOf(h.to()), h.holdTicks(), h.count()));
        if (trace.enabled()) {
          emit(
              new TraceEvent.NetworkChange(
                  now,
                  "hold the next "
                      + h.count()
                      + " message(s) "
                      + linkText(h.from(), h.to())
                      + " for "
                      + h.holdTicks()
                      + " ticks"));
        }
      }
      case Fault.DropMessages d -> {
        scriptedLinkFaults.add(
            new ScriptedLinkFault(
                optionalIndexOf(d.from()), optionalIndexOf(d.to()), -1, d.count()));
        if (trace.enabled()) {
          emit(
              new TraceEvent.NetworkChange(
                  now, "drop the next " + d.count() + " message(s) " + linkText(d.from(), d.to())));
        }
      }
      case Fault.SetNetwork s -> {
        network = s.network();
        emit(new TraceEvent.NetworkChange(now, s.network().toString()));
      }
      case Fault.StabilizeAll s -> {
        if (isolatedAfter != null) {
          java.util.Arrays.fill(isolatedAfter, false); // the fault period's end ends these too
        }
        clearBlocked();
        emitPartition("heal (stabilize)");
        scriptedLinkFaults.clear();
        network = NetworkConfig.quiet(config.network().latency());
        emit(new TraceEvent.NetworkChange(now, "stabilize: no random faults"));
        for (int i = 0; i < ids.length; i++) {
          if (clockOffsetTicks[i] != 0 || clockDriftPpm[i] != 0) {
            clockOffsetTicks[i] = 0;
            clockDriftPpm[i] = 0;
            emitClock(i);
          }
          if (!up[i]) {
            restart(i, false);
          }
        }
      }
    }
  }

  /**
   * "[[s1], [s2, s3]]" with each group in NodeId order. Never the sets' own toString: Set.of
   * iterates in an order salted per JVM run, which would make the same seed write different bytes
   * in different JVMs (a same-JVM run-twice test cannot see that).
   */
  private static String describeGroups(List<Set<NodeId>> groups) {
    List<String> parts = new ArrayList<>(groups.size());
    for (Set<NodeId> g : groups) {
      parts.add(new java.util.TreeSet<>(g).toString());
    }
    return parts.toString();
  }

  private static String linkText(NodeId from, NodeId to) {
    return (from == null ? "*" : from.name()) + "->" + (to == null ? "*" : to.name());
  }

  private void clearBlocked() {
    for (boolean[] row : blocked) {
      java.util.Arrays.fill(row, false);
    }
    // A node an isolate-after cut off stays off the network for its whole duration: a heal or a
    // new partition of other faults does not bring it back (only its own end, or stabilize).
    if (isolatedAfter != null) {
      for (int i = 0; i < ids.length; i++) {
        if (isolatedAfter[i]) {
          for (int j = 0; j < ids.length; j++) {
            if (j != i) {
              blocked[i][j] = true;
              blocked[j][i] = true;
            }
          }
        }
      }
    }
  }

  /**
   * The up node whose latest {@code role} annotation starts with {@code role} as a word ("leader"
   * matches "leader (won election in term 3)"), first in NodeId order; -1 if none. Resolved when
   * the fault applies, so a schedule can aim at whoever leads at that moment.
   */
  private int nodeWithRole(String role) {
    int best = -1;
    for (int i = 0; i < ids.length; i++) {
      String value = up[i] ? annotations.get(i).get(Annotations.ROLE) : null;
      if (value != null
          && value.startsWith(role)
          && (value.length() == role.length()
              || !Character.isLetterOrDigit(value.charAt(role.length())))
          && (best < 0 || ids[i].compareTo(ids[best]) < 0)) {
        best = i;
      }
    }
    return best;
  }

  private void noTarget(String type, String role) {
    if (trace.enabled()) {
      emit(
          new TraceEvent.NetworkChange(
              now, type + " " + role + ": no up node has that role (no-op)"));
    }
  }

  /**
   * The node's latest {@code annotate(key, value)} since it last booted, or null. Tracked whether
   * or not the run is traced.
   */
  public String latestAnnotation(NodeId node, String key) {
    return annotations.get(indexOf(node)).get(key);
  }

  /**
   * A reboot-after fired in the handler that just returned: crash the node (its sends are already
   * in flight) and restart it, disk kept, downTicks later if it is still down then.
   */
  private void rebootNow(int i, Fault.RebootAfterAnnotation r, String reason) {
    if (trace.enabled()) {
      emit(
          new TraceEvent.NetworkChange(
              now,
              "reboot-after " + reason + ": crash now, restart at tick " + (now + r.downTicks())));
    }
    crash(i);
    queue.add(
        new Event(
            now + r.downTicks(),
            seq++,
            Event.FAULT,
            -1,
            -1,
            new Fault.Restart(ids[i], false),
            -1,
            0));
  }

  /**
   * An isolate-after fired in the handler that just returned: cut every link of the node (what it
   * sent is dropped at delivery) and unblock its links isolateTicks later.
   */
  private void isolateNow(int i, Fault.IsolateAfterAnnotation r, String reason) {
    if (trace.enabled()) {
      emit(
          new TraceEvent.NetworkChange(
              now,
              "isolate-after "
                  + reason
                  + ": cut off now, heal at tick "
                  + (now + r.isolateTicks())));
    }
    for (int j = 0; j < ids.length; j++) {
      if (j != i) {
        blocked[i][j] = true;
        blocked[j][i] = true;
      }
    }
    emitPartition("isolate-after: " + ids[i]);
    if (isolatedAfter == null) {
      isolatedAfter = new boolean[ids.length];
    }
    isolatedAfter[i] = true;
    queue.add(
        new Event(now + r.isolateTicks(), seq++, Event.FAULT, i, ISOLATE_AFTER_ENDS, null, -1, 0));
  }

  /**
   * Reconnects a node an isolate-after cut off: only its own links (a global heal would also end
   * other nodes' isolation), and not those to a node another isolate-after still holds.
   */
  private void endIsolateAfter(int i) {
    if (!isolatedAfter[i]) {
      return; // stabilize ended it already
    }
    isolatedAfter[i] = false;
    for (int j = 0; j < ids.length; j++) {
      if (j != i && !isolatedAfter[j]) {
        blocked[i][j] = false;
        blocked[j][i] = false;
      }
    }
    emitPartition("isolate-after ends: " + ids[i]);
  }

  private void crash(int i) {
    if (!up[i]) {
      return;
    }
    annotations.get(i).clear();
    crashedOrder.add(i);
    up[i] = false;
    states[i] = null;
    incarnation[i]++;
    timers[i].cancelAll();
    emit(new TraceEvent.Crash(now, ids[i]));
  }

  private void restart(int i, boolean wipeDisk) {
    if (up[i]) {
      return;
    }
    if (wipeDisk) {
      durables[i] = null;
    }
    up[i] = true;
    crashedOrder.remove(Integer.valueOf(i));
    incarnation[i]++;
    emit(new TraceEvent.Restart(now, ids[i], durables[i] != null));
    bootNode(i, durables[i]);
  }

  // ---------------------------------------------------------------- clocks

  private long driftErrorTicks(int i) {
    long drift = clockDriftPpm[i];
    return drift == 0 ? 0 : Math.floorDiv(Math.multiplyExact(now, drift), 1_000_000L);
  }

  private long localTime(int i) {
    return now + clockOffsetTicks[i] + driftErrorTicks(i);
  }

  private void emitClock(int i) {
    long error = clockOffsetTicks[i] + driftErrorTicks(i);
    boolean within = Math.abs(error) <= config.clock().uncertaintyTicks();
    emit(
        new TraceEvent.ClockChange(
            now, ids[i], clockOffsetTicks[i], clockDriftPpm[i], error, within));
  }

  /** Local-clock ticks to true ticks for a timer, under the node's drift. */
  private long trueDelay(int i, long localTicks) {
    long drift = clockDriftPpm[i];
    if (drift == 0) {
      return localTicks;
    }
    long rate = 1_000_000L + drift;
    return Math.max(0, Math.floorDiv(localTicks * 1_000_000L + rate - 1, rate));
  }

  // ---------------------------------------------------------------- invariants and trace

  /**
   * Runs every invariant; the first that fails stops the run. {@code firstTraceIndex} is the trace
   * index of the step's first event (its deliver, timer or fault event, which caused whatever the
   * step's handler did): the violation's {@code afterEvent}. When the step wrote nothing (or the
   * run is not traced) it is the last event before, -1 if none.
   */
  private void checkInvariants(long firstTraceIndex) {
    if (violation != null || invariants.isEmpty()) {
      return;
    }
    for (Invariant inv : invariants) {
      String problem = inv.check(this);
      if (problem != null) {
        long cause = traceIndex > firstTraceIndex ? firstTraceIndex : traceIndex - 1;
        violation = new TraceEvent.Violation(now, inv.name(), problem, cause);
        emit(violation);
        return;
      }
    }
  }

  private void emit(TraceEvent e) {
    if (trace.enabled()) {
      trace.accept(e);
      traceIndex++;
    }
  }

  private void emitPartition(String description) {
    if (!trace.enabled()) {
      return;
    }
    List<TraceEvent.Link> links = new ArrayList<>();
    for (int a = 0; a < ids.length; a++) {
      for (int b = 0; b < ids.length; b++) {
        if (blocked[a][b]) {
          links.add(new TraceEvent.Link(ids[a], ids[b]));
        }
      }
    }
    emit(new TraceEvent.Partition(now, List.copyOf(links), description));
  }

  // ---------------------------------------------------------------- SystemView

  @Override
  public long tick() {
    return now;
  }

  @Override
  public List<NodeId> nodes() {
    return idList;
  }

  @Override
  public boolean isUp(NodeId node) {
    return up[indexOf(node)];
  }

  @Override
  public NodeState<?> state(NodeId node) {
    return states[indexOf(node)];
  }

  @Override
  public Durable durable(NodeId node) {
    return durables[indexOf(node)];
  }

  @Override
  public List<HistoryEvent> history() {
    return historyView;
  }

  public long events() {
    return events;
  }

  public TraceEvent.Violation violation() {
    return violation;
  }

  public WorldConfig config() {
    return config;
  }

  /** The local clock reading a node would get now (for tests and reports). */
  public ClockReading clockOf(NodeId node) {
    int i = indexOf(node);
    long local = localTime(i);
    long eps = config.clock().uncertaintyTicks();
    return new ClockReading(local - eps, local + eps);
  }

  // ---------------------------------------------------------------- effects

  /** The one Effects object, re-pointed at whichever node is running a handler. */
  private final class NodeEffects implements Effects<Message, Timer> {
    int node;

    @Override
    public NodeId self() {
      return ids[node];
    }

    @Override
    public void send(NodeId to, Message message) {
      World.this.send(node, to, message);
    }

    @Override
    public void setTimer(Timer timer, long ticksMin, long ticksMax) {
      if (ticksMin < 0 || ticksMax < ticksMin) {
        throw new IllegalArgumentException(
            ids[node]
                + ": timer range ["
                + ticksMin
                + ", "
                + ticksMax
                + "] is invalid for "
                + timer);
      }
      long local = ticksMin == ticksMax ? ticksMin : nodeRngs[node].nextLong(ticksMin, ticksMax);
      Event e =
          new Event(
              now + trueDelay(node, local),
              seq++,
              Event.TIMER,
              node,
              -1,
              timer,
              -1,
              incarnation[node]);
      timers[node].put(timer, e);
      queue.add(e);
    }

    @Override
    public void cancelTimer(Timer timer) {
      timers[node].cancel(timer);
    }

    @Override
    public void persist(Durable durable) {
      durables[node] = durable;
      if (trace.enabled()) {
        emit(new TraceEvent.Persist(now, ids[node]));
      }
    }

    @Override
    public ClockReading clock() {
      long local = localTime(node);
      long eps = config.clock().uncertaintyTicks();
      return new ClockReading(local - eps, local + eps);
    }

    @Override
    public void record(HistoryEvent event) {
      HistoryEvent stamped = event.atTick(now);
      history.add(stamped);
      emit(new TraceEvent.History(now, ids[node], stamped));
    }

    @Override
    public void annotate(String key, String value) {
      String previous = annotations.get(node).put(key, value);
      if (trace.enabled()) {
        emit(new TraceEvent.Annotate(now, ids[node], key, value));
      }
      triggers.onAnnotate(node, ids[node].name(), key, previous, value);
    }
  }
}
