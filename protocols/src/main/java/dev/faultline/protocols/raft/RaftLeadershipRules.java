package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.protocols.raft.RaftMessage.PreVoteReply;
import dev.faultline.protocols.raft.RaftMessage.RequestVote;
import dev.faultline.protocols.raft.RaftMessage.SnapshotReply;
import dev.faultline.protocols.raft.RaftMessage.VoteReply;
import dev.faultline.protocols.raft.RaftTimer.ElectionTimeout;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * How a server's term and role may change at a step ({@link RaftStepRules}, the {@code checkSteps}
 * option): the state and first round of a new leader, and which steps may raise a term or make a
 * (pre-)candidate.
 */
final class RaftLeadershipRules {
  private RaftLeadershipRules() {}

  /**
   * A server that becomes leader at a step (Figure 2, "upon election", and section 8) voted for
   * itself and holds a quorum of votes of its configuration in force; it is its own leader; it
   * appends one no-op of its term; for every other member nextIndex is its last index before the
   * no-op + 1 and matchIndex 0 (and no nextIndex for any other server); it has heard no peer yet
   * (no record of answering peers); and, unless the no-op committed at once (it alone is a quorum),
   * it starts a round that sends every other member, in member order, the AppendEntries (or
   * InstallSnapshot) that nextIndex calls for, so the no-op goes out at once.
   */
  static String newLeader(Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null || after.role != RaftRole.LEADER || before.role == RaftRole.LEADER) {
      return null;
    }
    Membership m = RaftLeaderDuties.configInForce(before);
    if (!before.self.equals(after.votedFor)
        || !RaftLeaderDuties.quorumOf(m, after.votes::contains)) {
      return "leads term "
          + after.term
          + " with vote "
          + after.votedFor
          + " and votes "
          + after.votes;
    }
    if (!before.self.equals(after.leaderId)) {
      return "leads term " + after.term + " but holds leader " + after.leaderId;
    }
    long next = before.log.lastIndex() + 1;
    if (after.log.has(next)
        && (after.log.entryAt(next).term() != after.term
            || !(after.log.entryAt(next).command() instanceof RaftCommand.NoOp))) {
      return "holds " + after.log.entryAt(next) + " at " + next + " as a new leader, not a no-op";
    }
    if (!after.activeSinceCheck.isEmpty() || after.ackedRound.size() != 0) {
      return "has heard " + after.activeSinceCheck + " already as a new leader";
    }
    if (after.commitIndex != before.commitIndex) {
      return null; // it alone was a quorum: the no-op committed, and what follows may have moved
    }
    return firstRound(step, before, after, m, next);
  }

  /** The no-op's index, the peers' indexes and the round that sends the no-op. */
  private static String firstRound(
      Step step, RaftState before, RaftState after, Membership m, long next) {
    if (after.log.lastIndex() != next) {
      return "ends its log at " + after.log.lastIndex() + " as a new leader, not at " + next;
    }
    List<Step.Sent> expected = new ArrayList<>();
    for (NodeId p : RaftElectionRules.members(m)) {
      if (p.equals(before.self)) {
        continue;
      }
      if (after.nextIndex.getOrDefault(p, -1L) != next
          || after.matchIndex.getOrDefault(p, 0L) != 0) {
        return "holds nextIndex "
            + after.nextIndex.getOrDefault(p, -1L)
            + " and matchIndex "
            + after.matchIndex.getOrDefault(p, 0L)
            + " for "
            + p
            + " as a new leader, not "
            + next
            + " and 0";
      }
      expected.add(new Step.Sent(p, RaftStepRules.expectedAppend(after, next)));
    }
    if (after.nextIndex.size() != expected.size()) {
      return "holds a nextIndex for "
          + after.nextIndex.size()
          + " servers as a new leader, not only for its "
          + expected.size()
          + " peers";
    }
    if (after.round != before.round + 1) {
      return "went from round " + before.round + " to " + after.round + " as a new leader";
    }
    List<Step.Sent> sent = step.sent();
    if (!sent.equals(expected)) {
      return "sent " + sent + " as a new leader, not " + expected;
    }
    return null;
  }

  /**
   * A term rises at a step only by the server's own election (one more, its own vote, a candidate
   * or leader, on its election timeout or a pre-vote reply), or to the term of the message that
   * arrived (a pre-vote refusal's voter term), leaving a follower whose vote is none or, on a
   * RequestVote, its sender, and whose leader is none or, on AppendEntries or InstallSnapshot, its
   * sender. A server becomes a pre-candidate only on its election timeout. A server that does not
   * lead holds no pending reads or configuration change (only a leader takes them on, and one that
   * stops leading drops them).
   */
  static String termAndRole(Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null) {
      return null;
    }
    if (after.role != RaftRole.LEADER
        && (!after.pendingReads.isEmpty() || after.pendingConfig != null)) {
      return "holds reads "
          + after.pendingReads
          + " and change "
          + after.pendingConfig
          + " as "
          + after.role
          + " after "
          + RaftElectionRules.trigger(step);
    }
    boolean timeout = step.timer() instanceof ElectionTimeout;
    if (after.role == RaftRole.PRE_CANDIDATE && before.role != RaftRole.PRE_CANDIDATE && !timeout) {
      return "became a pre-candidate on " + RaftElectionRules.trigger(step);
    }
    if (after.term <= before.term) {
      return null;
    }
    if (timeout || step.message() instanceof PreVoteReply) {
      if (after.term == before.term + 1
          && before.self.equals(after.votedFor)
          && (after.role == RaftRole.CANDIDATE || after.role == RaftRole.LEADER)) {
        return null; // its own election
      }
    }
    Message m = step.message();
    if (after.term != termOf(m)) {
      return "went from term "
          + before.term
          + " to "
          + after.term
          + " on "
          + RaftElectionRules.trigger(step);
    }
    boolean voteOk =
        after.votedFor == null || (m instanceof RequestVote && step.from().equals(after.votedFor));
    boolean leaderOk =
        after.leaderId == null
            || ((m instanceof AppendEntries || m instanceof InstallSnapshot)
                && step.from().equals(after.leaderId));
    if (after.role != RaftRole.FOLLOWER || !voteOk || !leaderOk) {
      return "is "
          + RaftElectionRules.describe(after)
          + " after adopting term "
          + after.term
          + " from "
          + RaftElectionRules.trigger(step);
    }
    return null;
  }

  /** The term a message makes its receiver adopt when higher; -1 for one that carries none. */
  private static long termOf(Message m) {
    return switch (m) {
      case PreVoteReply r -> r.voterTerm();
      case RequestVote v -> v.term();
      case VoteReply r -> r.term();
      case AppendEntries a -> a.term();
      case AppendReply r -> r.term();
      case InstallSnapshot i -> i.term();
      case SnapshotReply r -> r.term();
      case null, default -> -1;
    };
  }
}
