package dev.faultline.protocols.common;

import dev.faultline.sim.api.NodeId;

/**
 * What a client makes of a message about its request {@code seq}: an answer or a refusal. A
 * protocol's {@link ClientAdapter#read} turns its own reply messages into one of these; messages
 * that are neither (a view, a config reply) read as null.
 */
public sealed interface KvResponse {
  long seq();

  /** The usual shape of a leader's reply: {@code ok} with an output, or a refusal with a hint. */
  static KvResponse of(long seq, boolean ok, String output, NodeId leaderHint) {
    return ok ? new KvReply(seq, output) : new KvRefusal(seq, leaderHint);
  }

  /** Request {@code seq} took effect; {@code output} is a get's value (ignored for writes). */
  record KvReply(long seq, String output) implements KvResponse {}

  /**
   * Request {@code seq} was refused by a replica that cannot serve it (not the leader, not the
   * primary); {@code leaderHint} is whom it believes can, or null.
   */
  record KvRefusal(long seq, NodeId leaderHint) implements KvResponse {}
}
