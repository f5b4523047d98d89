package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Timer;

/** Every timer of servers, clients and admins, grouped by the node kind that sets it. */
public sealed interface RaftTimer extends Timer {
  /** Set by servers. */
  sealed interface ServerTimer extends RaftTimer {}

  /** Set by clients and admins. */
  sealed interface ClientTimer extends RaftTimer {}

  /** Follower/candidate: no leader heard from; start a (pre-)election. */
  record ElectionTimeout() implements ServerTimer {}

  /** Leader: send AppendEntries (heartbeats) to every peer. */
  record HeartbeatDue() implements ServerTimer {}

  /** Leader with CheckQuorum: step down unless a quorum answered since the last check. */
  record CheckQuorumDue() implements ServerTimer {}

  /** Client/admin: the request with this sequence number got no answer in time; resend. */
  record RequestRetry(long seq) implements ClientTimer {}

  /** Client/admin: the next operation may start now (its notBeforeTick has come). */
  record NextOpDue() implements ClientTimer {}
}
