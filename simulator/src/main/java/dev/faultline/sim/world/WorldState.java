package dev.faultline.sim.world;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.rand.Rng;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every part of one world shares: virtual time and the event queue, the nodes (by index, in
 * {@link NodeId} order), their volatile and durable state, and the trace. The parts (network,
 * clocks, faults, node handlers, effects) each own their own state besides this.
 */
final class WorldState {
  final WorldConfig config;
  final NodeId[] ids;
  final List<NodeId> idList;
  private final Map<NodeId, Integer> index = new HashMap<>(); // lookups only, never iterated
  final Protocol<?, ?, ?>[] protocols;
  final NodeState<?>[] states;
  final Durable[] durables;
  final boolean[] up;
  final int[] incarnation;
  final Rng[] nodeRngs;
  final TimerSlots[] timers;
  final boolean[] client;
  // Nodes whose state the running step changed or may have changed (booted, handled an event,
  // crashed): the node-state log describes only these after the step.
  final boolean[] touched;
  // Per node: the step count (changes) of the last step that touched it, for SystemView.changedAt.
  final long[] changedAt;
  // Latest annotation per node and key (this incarnation only; a crash forgets them). Kept even
  // when tracing is off, for role-targeted faults and for the runner's progress-limit check.
  // Lookups only, never iterated.
  final List<Map<String, String>> annotations = new ArrayList<>();
  // Nodes in the order they crashed and are still down, for RestartLastCrashed.
  final List<Integer> crashedOrder = new ArrayList<>();
  // Armed reboot-after / isolate-after faults and which fired in the running handler.
  final AnnotationTriggers triggers = new AnnotationTriggers();
  // When no fault acted: told at the boot and after every fault event (FaultApplier).
  final CalmLog calm = new CalmLog();
  final List<HistoryEvent> history = new ArrayList<>();
  final EventQueue queue = new EventQueue();
  private Event free; // events to reuse, linked through Event.next
  final TraceSink trace;
  // trace.enabled(), read once: the world asks several times per event (an interface call each).
  private final boolean traced;

  long now;
  long seq;
  long traceIndex;
  // The last tick a fault acted (a scheduled fault, the end of an isolate-after, or an armed
  // state-aware fault that fired); -1: none yet. Stabilization is a fault too.
  long lastFaultTick = -1;
  // Steps run so far, boot included (SystemView.changeCount).
  long changes;
  // The handlers the running event ran, for step invariants; null (nothing recorded) unless an
  // invariant of the run judges steps.
  StepLog steps;

  WorldState(WorldConfig config, Cluster cluster, TraceSink trace) {
    this.config = config;
    this.trace = trace == null ? TraceSink.NONE : trace;
    this.traced = this.trace.enabled();
    this.idList = List.copyOf(cluster.nodes().keySet());
    int n = idList.size();
    if (n == 0) {
      throw new IllegalArgumentException("cluster has no nodes");
    }
    this.ids = idList.toArray(new NodeId[0]);
    this.protocols = new Protocol<?, ?, ?>[n];
    this.states = new NodeState<?>[n];
    this.durables = new Durable[n];
    this.up = new boolean[n];
    this.incarnation = new int[n];
    this.nodeRngs = new Rng[n];
    this.timers = new TimerSlots[n];
    this.client = new boolean[n];
    this.touched = new boolean[n];
    this.changedAt = new long[n];
    for (int i = 0; i < n; i++) {
      index.put(ids[i], i);
      protocols[i] = cluster.nodes().get(ids[i]);
      nodeRngs[i] = Rng.derived(config.seed(), "node:" + ids[i].name());
      timers[i] = new TimerSlots();
      client[i] = cluster.clients().contains(ids[i]);
      annotations.add(new HashMap<>());
    }
  }

  /** Marks node {@code i} as changed by the running step (booted, handled, crashed). */
  void touch(int i) {
    touched[i] = true;
    changedAt[i] = changes;
  }

  int size() {
    return ids.length;
  }

  /** Queues an event at {@code tick}, after every event already queued for that tick. */
  Event schedule(long tick, int kind, int node, int from, Object payload, long msgId, int inc) {
    Event e = event(tick, kind, node, from, payload, msgId, inc);
    queue.add(e);
    return e;
  }

  /** A new event (a recycled one if any) with the next sequence number; not queued yet. */
  Event event(long tick, int kind, int node, int from, Object payload, long msgId, int inc) {
    Event e = free;
    if (e == null) {
      return new Event(tick, seq++, kind, node, from, payload, msgId, inc);
    }
    free = e.next;
    return e.set(tick, seq++, kind, node, from, payload, msgId, inc);
  }

  /**
   * Takes back an event polled from the queue that nothing refers to any more: a delivered message,
   * a fired timer, or a cancelled event (cancelling always drops a node's reference to its timer
   * event). Which object an event is never shows in a run, so reuse changes no trace.
   */
  void recycle(Event e) {
    e.payload = null;
    e.next = free;
    free = e;
  }

  void emit(TraceEvent e) {
    if (traced) {
      trace.accept(e);
      traceIndex++;
    }
  }

  boolean traced() {
    return traced;
  }

  /** The node's index (identity scan first, as {@link #destination}: invariants ask per event). */
  int indexOf(NodeId id) {
    int i = destination(id);
    if (i < 0) {
      throw new IllegalArgumentException("unknown node '" + id + "' (nodes: " + idList + ")");
    }
    return i;
  }

  /** The index of a node a fault names, or -1 for "any node" (null). */
  int optionalIndexOf(NodeId id) {
    return id == null ? -1 : indexOf(id);
  }

  /** Like {@link #indexOf(NodeId)}, but a missing or unknown node names the fault's field. */
  int indexOf(String field, NodeId id) {
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

  /**
   * The receiver's index, or -1. Protocols usually send to the very NodeId instances their
   * configuration holds, so an identity scan of a small cluster answers before any hashing.
   */
  int destination(NodeId to) {
    NodeId[] all = ids;
    if (all.length <= 16 && to != null) {
      for (int k = 0; k < all.length; k++) {
        if (all[k] == to) {
          return k;
        }
      }
      // An equal instance (a configuration may hold its own NodeIds): compare names, still
      // cheaper than hashing the record and unboxing the map's Integer.
      for (int k = 0; k < all.length; k++) {
        if (all[k].name().equals(to.name())) {
          return k;
        }
      }
      return -1;
    }
    Integer i = index.get(to);
    return i == null ? -1 : i;
  }
}
