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

  /** What the node last persisted, or null. Survives crashes. */
  Durable durable(NodeId node);

  /** Client history so far, in real-time order. */
  List<HistoryEvent> history();

  @SuppressWarnings("unchecked")
  default <S> S stateAs(NodeId node, Class<S> type) {
    NodeState<?> state = state(node);
    return type.isInstance(state) ? (S) state : null;
  }
}
