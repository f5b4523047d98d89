package dev.faultline.sim.trace;

import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;
import java.util.List;

/**
 * Everything that happens in a run, in order. Written as JSON Lines by {@link TraceJson}, one
 * object per event with {@code "i"} (index), {@code "tick"} and {@code "kind"} (the lower-case name
 * below, e.g. {@code "send"}, {@code "deliver"}), then the record's components; a message or timer
 * is an object with {@code "type"} (its record's simple name) and its fields. Message ids ({@code
 * msgId}) tie a send to its delivery, drop, duplicate or hold. The same seed gives a byte-identical
 * trace.
 */
public sealed interface TraceEvent {
  long tick();

  /** Lower-case kind written to JSON. */
  default String kind() {
    return switch (this) {
      case Send e -> "send";
      case Deliver e -> "deliver";
      case Drop e -> "drop";
      case Duplicate e -> "duplicate";
      case Hold e -> "hold";
      case TimerFire e -> "timer";
      case Crash e -> "crash";
      case Restart e -> "restart";
      case Partition e -> "partition";
      case ClockChange e -> "clock";
      case Persist e -> "persist";
      case History e -> "history";
      case Annotate e -> "annotate";
      case NetworkChange e -> "network";
      case Violation e -> "violation";
      case RunStart e -> "start";
      case RunEnd e -> "end";
    };
  }

  /** First event: the run's identity. */
  record RunStart(
      long tick, long seed, String protocol, String variant, String scenario, List<NodeId> nodes)
      implements TraceEvent {}

  /** Last event: why the run stopped (e.g. "time limit", "violation", "quiescent"). */
  record RunEnd(long tick, String reason) implements TraceEvent {}

  record Send(long tick, long msgId, NodeId from, NodeId to, Message message)
      implements TraceEvent {}

  record Deliver(long tick, long msgId, NodeId from, NodeId to, Message message)
      implements TraceEvent {}

  /**
   * A message lost: reason is "random" (network loss), "partition" (link blocked at delivery),
   * "down" (receiver crashed) or "fault" (a scripted drop).
   */
  record Drop(long tick, long msgId, NodeId from, NodeId to, String reason) implements TraceEvent {}

  /** The network delivers an extra copy {@code copyId} of {@code msgId}. */
  record Duplicate(long tick, long msgId, long copyId, NodeId from, NodeId to)
      implements TraceEvent {}

  /** A message held back and delivered (stale) at {@code untilTick}. */
  record Hold(long tick, long msgId, NodeId from, NodeId to, long untilTick)
      implements TraceEvent {}

  record TimerFire(long tick, NodeId node, Timer timer) implements TraceEvent {}

  record Crash(long tick, NodeId node) implements TraceEvent {}

  /** A node boots again with what it last persisted ({@code hadDurable} false: empty disk). */
  record Restart(long tick, NodeId node, boolean hadDurable) implements TraceEvent {}

  /** The full set of blocked directed links after a change ({@code description} says which). */
  record Partition(long tick, List<Link> blocked, String description) implements TraceEvent {}

  /**
   * A node's clock changed: local = true + offsetTicks + true * driftPpm / 1e6. {@code withinBound}
   * false means the clock now breaks its [lower, upper] promise (out of spec).
   */
  record ClockChange(
      long tick, NodeId node, long offsetTicks, long driftPpm, long errorTicks, boolean withinBound)
      implements TraceEvent {}

  record Persist(long tick, NodeId node) implements TraceEvent {}

  record History(long tick, NodeId node, HistoryEvent event) implements TraceEvent {}

  /** A state annotation (role, term, view, epoch...), drawn as bands on the lifeline. */
  record Annotate(long tick, NodeId node, String key, String value) implements TraceEvent {}

  /** Network rates changed (a scripted fault or swarm plan step). */
  record NetworkChange(long tick, String description) implements TraceEvent {}

  /** An invariant broke after event {@code afterEvent} (the index of the event that caused it). */
  record Violation(long tick, String property, String message, long afterEvent)
      implements TraceEvent {}

  /** A directed link from {@code from} to {@code to}. */
  record Link(NodeId from, NodeId to) implements Comparable<Link> {
    @Override
    public int compareTo(Link o) {
      int c = from.compareTo(o.from);
      return c != 0 ? c : to.compareTo(o.to);
    }
  }
}
