package dev.faultline.protocols.multipaxos;

import dev.faultline.sim.api.Timer;

/** Every timer of servers and clients. */
public sealed interface MultiPaxosTimer extends Timer {
  /** Leader: send heartbeats, resend unanswered p2a, fill holes. */
  record HeartbeatDue() implements MultiPaxosTimer {}

  /** Follower: no heartbeat from a leader for a while; start phase 1. */
  record LeaderTimeout() implements MultiPaxosTimer {}

  /** Scouting: resend p1a to the acceptors that have not answered. */
  record ScoutRetry() implements MultiPaxosTimer {}

  /** Replica: resend proposals not yet decided. */
  record ProposeRetry() implements MultiPaxosTimer {}

  /** Client: the request with this sequence number got no answer in time. */
  record RequestRetry(long seq) implements MultiPaxosTimer {}

  /** Client: the next operation may start now. */
  record NextOpDue() implements MultiPaxosTimer {}
}
