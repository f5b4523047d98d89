package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Timer;

/** Every timer of servers, clients and admins. */
public sealed interface RaftTimer extends Timer {
  /** Follower/candidate: no leader heard from; start a (pre-)election. */
  record ElectionTimeout() implements RaftTimer {}

  /** Leader: send AppendEntries (heartbeats) to every peer. */
  record HeartbeatDue() implements RaftTimer {}

  /** Leader with CheckQuorum: step down unless a quorum answered since the last check. */
  record CheckQuorumDue() implements RaftTimer {}

  /** Client/admin: the request with this sequence number got no answer in time; resend. */
  record RequestRetry(long seq) implements RaftTimer {}

  /** Client/admin: the next operation may start now (its notBeforeTick has come). */
  record NextOpDue() implements RaftTimer {}
}
