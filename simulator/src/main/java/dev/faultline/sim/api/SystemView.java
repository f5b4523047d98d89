package dev.faultline.sim.api;

import java.util.List;

/** What invariants see after each event: every node's state, storage and the history so far. */
public interface SystemView {
  long tick();

  /** All nodes, in {@link NodeId} order. */
  List<NodeId> nodes();

  boolean isUp(NodeId node);

  /** The node's live state, or null while it is crashed. */
  NodeState<?> state(NodeId node);

  /**
   * The live state of the node at {@code position} in {@link #nodes()}: the same as {@code
   * state(nodes().get(position))}, but an array read where the view keeps states by position
   * (invariants that run after every event loop over positions instead of looking ids up).
   */
  default NodeState<?> stateAt(int position) {
    return state(nodes().get(position));
  }

  /** What the node last persisted, or null. Survives crashes. */
  Durable durable(NodeId node);

  /** Client history so far, in real-time order. */
  List<HistoryEvent> history();

  /**
   * Under the explorer's clock choices, where true time lies in the node's clock reading: the node
   * reads {@code [t + o - eps, t + o + eps]} for this offset {@code o} (so {@code -eps} puts true
   * time at the reading's upper bound). For goals of staged searches that place clocks first. 0
   * where nothing placed it, and in the simulator (whose clock faults the trace reports instead).
   */
  default long clockOffsetTicks(NodeId node) {
    return 0;
  }

  @SuppressWarnings("unchecked")
  default <S> S stateAs(NodeId node, Class<S> type) {
    NodeState<?> state = state(node);
    return type.isInstance(state) ? (S) state : null;
  }

  /** Whether {@link #latestAnnotation} answers: a simulated run does, the explorer's states not. */
  default boolean keepsAnnotations() {
    return false;
  }

  /**
   * The node's latest {@code annotate(key, value)} since it last booted, or null (also where the
   * view does not keep annotations, see {@link #keepsAnnotations}).
   */
  default String latestAnnotation(NodeId node, String key) {
    return null;
  }
}
