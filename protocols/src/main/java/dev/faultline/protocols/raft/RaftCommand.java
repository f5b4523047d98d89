package dev.faultline.protocols.raft;

import dev.faultline.sim.api.NodeId;

/** What a log entry carries: a client's KV operation, a leader's no-op, or a configuration. */
public sealed interface RaftCommand {

  /** A client operation with its session (client, seq): executed at most once, at apply time. */
  record ClientCommand(NodeId client, long seq, String f, String key, String value)
      implements RaftCommand {}

  /**
   * Appended by each new leader so that entries of earlier terms get committed (paper section 8).
   */
  record NoOp() implements RaftCommand {}

  /** A configuration; it takes effect on a server as soon as it is in its log. */
  record ConfigCommand(Membership membership) implements RaftCommand {}
}
