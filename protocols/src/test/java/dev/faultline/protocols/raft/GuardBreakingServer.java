package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.Delegating;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;

/**
 * A planted Raft server for tests: the correct one, except that one guard is broken by rewriting
 * the messages it guards, as a mutant that removes the guard would act. Counts in {@code reached}
 * how often the broken guard decided something (a message the correct server would have treated
 * differently), and in {@code reached[1]} how many messages of an earlier term than the receiver's
 * reached the handler the guard sits in, at any role.
 */
record GuardBreakingServer(RaftNode correct, Guard guard, int[] reached)
    implements Delegating<RaftState, RaftMessage, RaftTimer> {

  /** Which guard is broken. */
  enum Guard {
    /** A leader takes an AppendReply of an earlier term as one of its own. */
    STALE_APPEND_REPLY,
    /** A leader takes a SnapshotReply of an earlier term as one of its own. */
    STALE_SNAPSHOT_REPLY,
    /** A server takes an InstallSnapshot of an earlier term as one of its own. */
    STALE_INSTALL_SNAPSHOT,
    /** Votes and pre-votes compare logs by length alone ({@code candidateLogUpToDate}). */
    VOTES_BY_LENGTH
  }

  @Override
  public void onMessage(
      RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
    correct.onMessage(s, from, broken(s, m), out);
  }

  private RaftMessage broken(RaftState s, RaftMessage m) {
    boolean leader = s.role == RaftRole.LEADER;
    reached[1] += stale(s, m) ? 1 : 0;
    return switch (m) {
      case RaftMessage.AppendReply r
          when guard == Guard.STALE_APPEND_REPLY && leader && r.term() < s.term -> {
        reached[0]++;
        yield new RaftMessage.AppendReply(
            s.term, r.success(), r.prevLogIndex(), r.matchIndex(), r.conflictIndex(), r.round());
      }
      case RaftMessage.SnapshotReply r
          when guard == Guard.STALE_SNAPSHOT_REPLY && leader && r.term() < s.term -> {
        reached[0]++;
        yield new RaftMessage.SnapshotReply(s.term, r.lastIncludedIndex(), r.round());
      }
      case RaftMessage.InstallSnapshot i
          when guard == Guard.STALE_INSTALL_SNAPSHOT && i.term() < s.term -> {
        reached[0]++;
        yield new RaftMessage.InstallSnapshot(s.term, i.snapshot(), i.round());
      }
      case RaftMessage.RequestVote v when guard == Guard.VOTES_BY_LENGTH -> {
        reached[0] += olderButLonger(s, v.lastLogTerm(), v.lastLogIndex()) ? 1 : 0;
        yield new RaftMessage.RequestVote(v.term(), v.lastLogIndex(), s.log.lastTerm());
      }
      case RaftMessage.PreVote p when guard == Guard.VOTES_BY_LENGTH -> {
        reached[0] += olderButLonger(s, p.lastLogTerm(), p.lastLogIndex()) ? 1 : 0;
        yield new RaftMessage.PreVote(p.term(), p.lastLogIndex(), s.log.lastTerm());
      }
      default -> m;
    };
  }

  private boolean stale(RaftState s, RaftMessage m) {
    return switch (m) {
      case RaftMessage.AppendReply r -> guard == Guard.STALE_APPEND_REPLY && r.term() < s.term;
      case RaftMessage.SnapshotReply r -> guard == Guard.STALE_SNAPSHOT_REPLY && r.term() < s.term;
      case RaftMessage.InstallSnapshot i ->
          guard == Guard.STALE_INSTALL_SNAPSHOT && i.term() < s.term;
      default -> false;
    };
  }

  /** A candidate's log that length alone passes and the last term fails. */
  private static boolean olderButLonger(RaftState s, long lastLogTerm, long lastLogIndex) {
    return lastLogTerm < s.log.lastTerm() && lastLogIndex >= s.log.lastIndex();
  }
}
