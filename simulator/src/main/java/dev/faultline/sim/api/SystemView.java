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

  /**
   * A count that grows whenever some node's state, up/down status or storage may have changed (the
   * world adds one per step), or -1 where the view does not track changes: then an invariant must
   * assume every node changed before every check. With {@link #changedAt}, it lets an invariant
   * that runs after every event look only at the nodes the last steps touched.
   */
  default long changeCount() {
    return -1;
  }

  /**
   * The {@link #changeCount} of the last step that may have changed the node at {@code position} in
   * {@link #nodes()} (booted it, ran one of its handlers, crashed or restarted it): the node is
   * exactly as it was at an earlier check made at count {@code c} if this is at most {@code c}.
   * Meaningless (and never asked) while {@code changeCount()} is -1.
   */
  default long changedAt(int position) {
    return Long.MAX_VALUE;
  }

  /** What the node last persisted, or null. Survives crashes. */
  Durable durable(NodeId node);

  /**
   * What the node at {@code position} in {@link #nodes()} last persisted: the same as {@code
   * durable(nodes().get(position))}, but an array read where the view keeps disks by position (an
   * invariant that reads a crashed replica's disk after every event looked it up by id).
   */
  default Durable durableAt(int position) {
    return durable(nodes().get(position));
  }

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

  /**
   * The handlers the last event ran, in the order they ran ({@link Step}), or null where the view
   * does not record steps. A simulated run records them only when some invariant of the run asks
   * ({@link Invariant#judgesSteps}), so that runs without step rules pay nothing; the explorer's
   * states never record them (null): a step rule returns null (holds) when it gets null.
   *
   * <p>A delivered message or a fired timer runs exactly one handler. A fault event runs none (a
   * crash, a cut link) or one {@link Step.Kind#BOOT} per node it restarts (the stabilize phase
   * restarts every node still down); the check after the first boot of the run sees one boot per
   * node. An event that ran no handler (a message dropped at delivery, a cancelled timer) gives an
   * empty list. The list is read-only and the world clears it at the next event: keep a step, not
   * the list.
   */
  default List<Step> lastSteps() {
    return null;
  }
}
