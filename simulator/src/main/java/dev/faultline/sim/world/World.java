package dev.faultline.sim.world;

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
  private final List<Map<Timer, Event>> timers; // per node, lookups only
  private final boolean[][] blocked;
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
    this.timers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      nodeRngs[i] = Rng.derived(config.seed(), "node:" + ids[i].name());
      timers.add(new HashMap<>());
    }
    this.blocked = new boolean[n][n];
    this.invariants = cluster.invariants();
    this.networkRng = Rng.derived(config.seed(), "network");
  }

  /** Records the run's identity as the trace's first event. Optional; call before running. */
  public void start(String protocol, String variant, String scenario) {
    emit(new TraceEvent.RunStart(0, config.seed(), protocol, variant, scenario, idList));
  }

  /** Adds faults to the timeline. Ticks already passed are an error. */
  public void schedule(FaultSchedule faults) {
    for (ScheduledFault f : faults.faults()) {
      if (f.tick() < now) {
        throw new IllegalArgumentException(
            "fault at tick " + f.tick() + " is in the past (now " + now + ")");
      }
      validate(f.fault());
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
    checkInvariants();
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
    switch (e.kind) {
      case Event.DELIVER -> deliver(e);
      case Event.TIMER -> fireTimer(e);
      case Event.FAULT -> applyFault((Fault) e.payload);
      default -> throw new IllegalStateException("unknown event kind " + e.kind);
    }
    checkInvariants();
    return true;
  }

  // ---------------------------------------------------------------- handlers

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void bootNode(int i, Durable durable) {
    effects.node = i;
    Protocol p = protocols[i];
    states[i] = p.init(ids[i], durable, effects);
    if (states[i] == null) {
      throw new IllegalStateException(ids[i] + ": init returned null state");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void deliver(Event e) {
    int to = e.node;
    if (!up[to]) {
      emit(new TraceEvent.Drop(now, e.msgId, ids[e.from], ids[to], "down"));
      return;
    }
    if (blocked[e.from][to]) {
      emit(new TraceEvent.Drop(now, e.msgId, ids[e.from], ids[to], "partition"));
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
    if (!up[i] || incarnation[i] != e.incarnation) {
      return;
    }
    Timer timer = (Timer) e.payload;
    if (timers.get(i).get(timer) != e) {
      return; // replaced
    }
    timers.get(i).remove(timer);
    if (trace.enabled()) {
      emit(new TraceEvent.TimerFire(now, ids[i], timer));
    }
    effects.node = i;
    Protocol p = protocols[i];
    p.onTimer(states[i], timer, effects);
  }

  // ---------------------------------------------------------------- network

  private void send(int from, NodeId toId, Message m) {
    Integer toIndex = index.get(toId);
    if (toIndex == null) {
      throw new IllegalArgumentException(
          ids[from] + " sent " + m.getClass().getSimpleName() + " to unknown node " + toId);
    }
    int to = toIndex;
    long msgId = nextMsgId++;
    if (trace.enabled()) {
      emit(new TraceEvent.Send(now, msgId, ids[from], ids[to], m));
    }
    if (from == to) {
      queue.add(new Event(now, seq++, Event.DELIVER, to, from, m, msgId, 0));
      return;
    }
    long extra = 0;
    if (!scriptedLinkFaults.isEmpty()) {
      ScriptedLinkFault scripted = matchScripted(from, to);
      if (scripted != null) {
        if (scripted.holdTicks < 0) {
          emit(new TraceEvent.Drop(now, msgId, ids[from], ids[to], "fault"));
          return;
        }
        extra = scripted.holdTicks;
        emit(new TraceEvent.Hold(now, msgId, ids[from], ids[to], now + extra));
      }
    }
    NetworkConfig net = network;
    if (net.dropRate() > 0 && networkRng.chance(net.dropRate())) {
      emit(new TraceEvent.Drop(now, msgId, ids[from], ids[to], "random"));
      return;
    }
    long delay = extra + latency(net);
    if (net.holdRate() > 0 && networkRng.chance(net.holdRate())) {
      long hold = networkRng.nextLong(net.holdTicksMin(), net.holdTicksMax());
      delay += hold;
      emit(new TraceEvent.Hold(now, msgId, ids[from], ids[to], now + delay));
    } else if (net.reorderRate() > 0 && networkRng.chance(net.reorderRate())) {
      delay += networkRng.nextLong(0, net.reorderTicksMax());
    }
    queue.add(new Event(now + delay, seq++, Event.DELIVER, to, from, m, msgId, 0));
    if (net.duplicateRate() > 0 && networkRng.chance(net.duplicateRate())) {
      long copyId = nextMsgId++;
      emit(new TraceEvent.Duplicate(now, msgId, copyId, ids[from], ids[to]));
      queue.add(
          new Event(
              now + latency(net) + networkRng.nextLong(0, Math.max(0, net.reorderTicksMax())),
              seq++,
              Event.DELIVER,
              to,
              from,
              m,
              copyId,
              0));
    }
  }

  private long latency(NetworkConfig net) {
    return switch (net.latency()) {
      case Latency.Fixed f -> f.ticks();
      case Latency.Uniform u -> networkRng.nextLong(u.minTicks(), u.maxTicks());
      case Latency.LongTail t -> {
        double mean = Math.max(1e-9, t.meanTicks() - t.minTicks());
        double u = networkRng.nextDouble();
        long draw = t.minTicks() + (long) Math.floor(-mean * Math.log1p(-u));
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
      case Fault.Partition p -> p.groups().forEach(g -> g.forEach(this::indexOf));
      case Fault.Isolate iso -> indexOf(iso.node());
      case Fault.BlockLink b -> {
        indexOf(b.from());
        indexOf(b.to());
      }
      case Fault.UnblockLink b -> {
        indexOf(b.from());
        indexOf(b.to());
      }
      case Fault.Crash c -> indexOf(c.node());
      case Fault.Restart r -> indexOf(r.node());
      case Fault.ClockSkew s -> indexOf(s.node());
      case Fault.ClockDrift d -> {
        indexOf(d.node());
        if (d.driftPpm() <= -1_000_000) {
          throw new IllegalArgumentException(
              "drift.driftPpm must be > -1000000 (a clock cannot run backwards), was "
                  + d.driftPpm());
        }
      }
      case Fault.HoldMessages h -> {
        optionalIndexOf(h.from());
        optionalIndexOf(h.to());
        Configs.requireAtLeast("hold.count", h.count(), 1);
        Configs.requireAtLeast("hold.holdTicks", h.holdTicks(), 0);
      }
      case Fault.DropMessages d -> {
        optionalIndexOf(d.from());
        optionalIndexOf(d.to());
        Configs.requireAtLeast("drop.count", d.count(), 1);
      }
      case Fault.Heal h -> {}
      case Fault.SetNetwork s -> {}
      case Fault.StabilizeAll s -> {}
    }
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
        emitPartition("partition " + groups);
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
      case Fault.ClockSkew s -> {
        int i = indexOf(s.node());
        clockOffsetTicks[i] = s.offsetTicks();
        emitClock(i);
      }
      case Fault.ClockDrift d -> {
        int i = indexOf(d.node());
        // Keep the local clock continuous: fold the drift so far into the offset.
        clockOffsetTicks[i] += driftErrorTicks(i);
        clockOffsetTicks[i] -= Math.floorDiv(now * d.driftPpm(), 1_000_000L);
        clockDriftPpm[i] = d.driftPpm();
        emitClock(i);
      }
      case Fault.HoldMessages h ->
          scriptedLinkFaults.add(
              new ScriptedLinkFault(
                  optionalIndexOf(h.from()), optionalIndexOf(h.to()), h.holdTicks(), h.count()));
      case Fault.DropMessages d ->
          scriptedLinkFaults.add(
              new ScriptedLinkFault(
                  optionalIndexOf(d.from()), optionalIndexOf(d.to()), -1, d.count()));
      case Fault.SetNetwork s -> {
        network = s.network();
        emit(new TraceEvent.NetworkChange(now, s.network().toString()));
      }
      case Fault.StabilizeAll s -> {
        clearBlocked();
        emitPartition("heal (stabilize)");
        scriptedLinkFaults.clear();
        network = new NetworkConfig(config.network().latency(), 0, 0, 0, 0, 0, 0, 0);
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

  private void clearBlocked() {
    for (boolean[] row : blocked) {
      java.util.Arrays.fill(row, false);
    }
  }

  private void crash(int i) {
    if (!up[i]) {
      return;
    }
    up[i] = false;
    states[i] = null;
    incarnation[i]++;
    timers.get(i).clear();
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
    incarnation[i]++;
    emit(new TraceEvent.Restart(now, ids[i], durables[i] != null));
    bootNode(i, durables[i]);
  }

  // ---------------------------------------------------------------- clocks

  private long driftErrorTicks(int i) {
    return Math.floorDiv(now * clockDriftPpm[i], 1_000_000L);
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

  private void checkInvariants() {
    if (violation != null || invariants.isEmpty()) {
      return;
    }
    for (Invariant inv : invariants) {
      String problem = inv.check(this);
      if (problem != null) {
        violation = new TraceEvent.Violation(now, inv.name(), problem, traceIndex - 1);
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
      Event old = timers.get(node).put(timer, e);
      if (old != null) {
        old.cancelled = true;
      }
      queue.add(e);
    }

    @Override
    public void cancelTimer(Timer timer) {
      Event old = timers.get(node).remove(timer);
      if (old != null) {
        old.cancelled = true;
      }
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
      if (trace.enabled()) {
        emit(new TraceEvent.Annotate(now, ids[node], key, value));
      }
    }
  }
}
