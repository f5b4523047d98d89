package dev.faultline.sim.api;

/**
 * Everything a handler may do to the world, as data: the kernel (or the explorer) decides what
 * happens next. Handlers get time only from {@link #clock()}, randomness only through timer ranges,
 * and no I/O; that is what makes a run replayable from its seed and explorable.
 */
public interface Effects<M extends Message, T extends Timer> {

  /** The node this handler runs on. */
  NodeId self();

  /** Sends one message; the network decides when (and whether) it arrives. */
  void send(NodeId to, M message);

  /** Sends the same message to each node in order (skipping none, including self if listed). */
  default void broadcast(Iterable<NodeId> to, M message) {
    for (NodeId node : to) {
      send(node, message);
    }
  }

  /**
   * Arms {@code timer} to fire after a delay in [ticksMin, ticksMax] of local clock time (the
   * simulator draws it from the node's seeded stream; the explorer may fire it in any order its
   * range allows). An equal pending timer is replaced.
   */
  void setTimer(T timer, long ticksMin, long ticksMax);

  default void setTimer(T timer, long ticks) {
    setTimer(timer, ticks, ticks);
  }

  /** Cancels the pending timer equal to {@code timer}, if any. */
  void cancelTimer(T timer);

  /**
   * Writes {@code durable} to stable storage, replacing what was there. Until this is called, a
   * crash loses the state; so protocols call it before any reply that promises durability.
   */
  void persist(Durable durable);

  /** The local clock as an interval; see {@link ClockReading}. */
  ClockReading clock();

  /** Client nodes record their operations here; the world stamps the tick. */
  void record(HistoryEvent event);

  /**
   * Records a state annotation in the trace (e.g. role=leader, term=3, view=2) with a reason.
   * Reports draw these as bands on the node's lifeline. Costs nothing when tracing is off.
   */
  void annotate(String key, String value);
}
