package dev.faultline.sim.api;

/**
 * The behaviour of one kind of node (a Raft server, a client, a view server). Instances hold only
 * immutable configuration; all mutable state lives in {@code S}. The same handlers run under the
 * random simulator and under the exhaustive explorer, whose parallel BFS calls one instance from
 * several threads at once (each on its own copy of a state): a mutable field here, even a cache,
 * would make the search nondeterministic.
 */
public interface Protocol<S extends NodeState<S>, M extends Message, T extends Timer> {

  /**
   * Boots (or reboots) a node. {@code durable} is what the node last persisted, or null on its
   * first boot; a restarted node has lost everything else, including its timers.
   */
  S init(NodeId self, Durable durable, Effects<M, T> out);

  void onMessage(S state, NodeId from, M message, Effects<M, T> out);

  void onTimer(S state, T timer, Effects<M, T> out);
}
