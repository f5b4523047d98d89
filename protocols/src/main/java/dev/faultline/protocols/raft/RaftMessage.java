package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;

/**
 * Every message of Raft servers, clients and the membership admin, grouped by who receives it, so
 * each node kind switches over exactly the messages it can get.
 */
public sealed interface RaftMessage extends Message {

  /** Received by servers: from peers, clients and admins. */
  sealed interface ToServer extends RaftMessage {}

  /** Received by clients. */
  sealed interface ToClient extends RaftMessage {}

  /** Received by membership admins. */
  sealed interface ToAdmin extends RaftMessage {}

  /** Thesis 9.6: "would you vote for me in {@code term}?" Changes no state at the receiver. */
  record PreVote(long term, long lastLogIndex, long lastLogTerm) implements ToServer {}

  /** {@code term} echoes the proposed term; {@code voterTerm} is the receiver's currentTerm. */
  record PreVoteReply(long term, long voterTerm, boolean granted) implements ToServer {}

  record RequestVote(long term, long lastLogIndex, long lastLogTerm) implements ToServer {}

  record VoteReply(long term, boolean granted) implements ToServer {}

  /**
   * {@code round} numbers the leader's broadcasts so ReadIndex can tell which acknowledgements were
   * sent after a read was registered.
   */
  record AppendEntries(
      long term,
      long prevLogIndex,
      long prevLogTerm,
      ImmutableList<RaftEntry> entries,
      long leaderCommit,
      long round)
      implements ToServer {}

  /**
   * {@code matchIndex} is prevLogIndex + entries of the request (not the follower's log length); on
   * failure {@code conflictIndex} is where the leader should retry from.
   */
  record AppendReply(
      long term,
      boolean success,
      long prevLogIndex,
      long matchIndex,
      long conflictIndex,
      long round)
      implements ToServer {}

  /** The whole snapshot in one message (the paper's offset/done chunking is not modelled). */
  record InstallSnapshot(long term, RaftSnapshot snapshot, long round) implements ToServer {}

  record SnapshotReply(long term, long lastIncludedIndex, long round) implements ToServer {}

  /** A client operation with its session number. */
  record ClientRequest(long seq, String f, String key, String value) implements ToServer {}

  /** {@code ok} false: not the leader; try {@code leaderHint} (null: unknown). */
  record ClientReply(long seq, boolean ok, String output, NodeId leaderHint) implements ToClient {}

  /** Admin: make the voting configuration {@code members}. */
  record ConfigRequest(long seq, ImmutableSortedSet<NodeId> members) implements ToServer {}

  /** {@code ok} true once {@code members} is the committed configuration. */
  record ConfigReply(long seq, boolean ok, String reason, NodeId leaderHint) implements ToAdmin {}
}
