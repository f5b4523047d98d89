package dev.faultline.protocols.multipaxos;

import dev.faultline.sim.api.Timer;

/** Every timer of servers and clients. */
public sealed interface MultiPaxosTimer extends Timer {
  /** A server's timers. */
  sealed interface ServerTimer extends MultiPaxosTimer {}

  /** A client's timers. */
  sealed interface ClientTimer extends MultiPaxosTimer {}

  /** Leader: send heartbeats, resend unanswered p2a, fill holes. */
  record HeartbeatDue() implements ServerTimer {}

  /** Follower: no heartbeat from a leader for a while; start phase 1. */
  record LeaderTimeout() implements ServerTimer {}

  /** Scouting: resend p1a to the acceptors that have not answered. */
  record ScoutRetry() implements ServerTimer {}

  /** Replica: resend proposals not yet decided. */
  record ProposeRetry() implements ServerTimer {}

  /** Client: the request with this sequence number got no answer in time. */
  record RequestRetry(long seq) implements ClientTimer {}

  /** Client: the next operation may start now. */
  record NextOpDue() implements ClientTimer {}
}
