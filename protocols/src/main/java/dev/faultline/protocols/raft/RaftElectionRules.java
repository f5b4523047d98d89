package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.PreVote;
import dev.faultline.protocols.raft.RaftMessage.PreVoteReply;
import dev.faultline.protocols.raft.RaftMessage.RequestVote;
import dev.faultline.protocols.raft.RaftMessage.VoteReply;
import dev.faultline.protocols.raft.RaftTimer.CheckQuorumDue;
import dev.faultline.protocols.raft.RaftTimer.ElectionTimeout;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The election path at a step ({@link RaftStepRules}, the {@code checkSteps} option): what an
 * election timeout starts, what pre-vote and vote replies do at a (pre-)candidate, what a new
 * leader holds and sends, and what a CheckQuorum check decides. Quorums are counted here ({@link
 * RaftLeaderDuties#quorumOf}) over the configuration in force read from the log, never by the
 * judged server's own lookup.
 */
final class RaftElectionRules {
  private RaftElectionRules() {}

  /**
   * ElectionTimeout (Figure 2, thesis 9.6 and 4.2.2). At a leader it does nothing. At a server that
   * is no voter of its configuration in force, when that configuration is known committed (no
   * configuration entry beyond its commit index), it does nothing. Otherwise, with PreVote on and
   * unless the server alone is a quorum, it becomes a pre-candidate of its unchanged term with its
   * own pre-vote only, forgets its leader and sends every other member, in member order,
   * PreVote(term + 1, last log index, last log term); else it starts an election.
   */
  static String electionTimeout(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.timer() instanceof ElectionTimeout)) {
      return null;
    }
    Membership m = RaftLeaderDuties.configInForce(before);
    boolean quiet =
        !isVoter(m, before.self) && RaftLeaderDuties.lastConfigAt(before.log) <= before.commitIndex;
    if (before.role == RaftRole.LEADER || quiet) {
      return unchanged(step, before, after);
    }
    if (!before.config.preVote() || alone(m, before.self)) {
      return election(step, before, after, m);
    }
    List<Step.Sent> expected =
        toPeers(
            m,
            before.self,
            new PreVote(before.term + 1, before.log.lastIndex(), before.log.lastTerm()));
    if (!step.sent().equals(expected)) {
      return "sent " + step.sent() + " on an election timeout, not " + expected;
    }
    if (after == null) {
      return null;
    }
    if (after.role != RaftRole.PRE_CANDIDATE
        || after.term != before.term
        || !Objects.equals(after.votedFor, before.votedFor)
        || after.leaderId != null
        || !after.votes.equals(Set.of(before.self))) {
      return "is "
          + describe(after)
          + " after asking for pre-votes, not a pre-candidate of term "
          + before.term
          + " with only its own pre-vote";
    }
    return null;
  }

  /**
   * An election (Figure 2, "on conversion to candidate"): the term rises by one, the server votes
   * for itself, forgets its leader and, unless it alone is a quorum (then it leads at once), is a
   * candidate holding its own vote only that sends every other member, in member order,
   * RequestVote(new term, last log index, last log term).
   */
  private static String election(Step step, RaftState before, RaftState after, Membership m) {
    long term = before.term + 1;
    if (alone(m, before.self)) {
      if (after != null && (after.role != RaftRole.LEADER || after.term != term)) {
        return "is " + describe(after) + " after an election it wins alone, not leader of " + term;
      }
      return null; // the new-leader rule judges the rest
    }
    List<Step.Sent> expected =
        toPeers(
            m, before.self, new RequestVote(term, before.log.lastIndex(), before.log.lastTerm()));
    if (!step.sent().equals(expected)) {
      return "sent " + step.sent() + " starting an election, not " + expected;
    }
    if (after != null
        && (after.role != RaftRole.CANDIDATE
            || after.term != term
            || !before.self.equals(after.votedFor)
            || after.leaderId != null
            || !after.votes.equals(Set.of(before.self)))) {
      return "is "
          + describe(after)
          + " after starting an election, not a candidate of term "
          + term
          + " voting for itself with only its own vote";
    }
    return null;
  }

  /**
   * PreVoteReply (thesis 9.6). A refusal from a newer term makes the server a follower of that term
   * (no vote, no leader) and sends nothing. A grant for the term a pre-candidate proposes (its term
   * + 1) joins its pre-votes, and the one that makes them a quorum starts the election; below a
   * quorum it sends nothing. Every other reply (stale, refused, at a server no longer a
   * pre-candidate) changes nothing and sends nothing.
   */
  static String preVoteReply(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof PreVoteReply r)) {
      return null;
    }
    if (!r.granted() && r.voterTerm() > before.term) {
      return newerTerm(step, after, r.voterTerm());
    }
    if (before.role != RaftRole.PRE_CANDIDATE || r.term() != before.term + 1 || !r.granted()) {
      return unchangedVotes(step, before, after);
    }
    Membership m = RaftLeaderDuties.configInForce(before);
    Set<NodeId> votes = withVote(before, step.from());
    if (RaftLeaderDuties.quorumOf(m, votes::contains)) {
      return election(step, before, after, m);
    }
    return counted(step, before, after, votes);
  }

  /**
   * VoteReply (Figure 2). A reply of a newer term makes the server a follower of that term (no
   * vote, no leader) and sends nothing. A grant of a candidate's own term joins its votes; the one
   * that makes them a quorum (of both halves of a joint configuration) makes it leader; below a
   * quorum it sends nothing. Every other reply changes nothing and sends nothing.
   */
  static String voteReply(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof VoteReply r)) {
      return null;
    }
    if (r.term() > before.term) {
      return newerTerm(step, after, r.term());
    }
    if (before.role != RaftRole.CANDIDATE || r.term() != before.term || !r.granted()) {
      return unchangedVotes(step, before, after);
    }
    Set<NodeId> votes = withVote(before, step.from());
    if (RaftLeaderDuties.quorumOf(RaftLeaderDuties.configInForce(before), votes::contains)) {
      if (after != null && (after.role != RaftRole.LEADER || after.term != before.term)) {
        return "is " + describe(after) + " after the vote that made a quorum " + votes;
      }
      return null; // the new-leader rule judges the rest
    }
    return counted(step, before, after, votes);
  }

  /**
   * CheckQuorumDue (thesis 6.2). At a leader: if the servers it heard from since the last check,
   * itself included, are no quorum of its configuration in force, it steps down to follower of the
   * same term and forgets itself as leader; else it stays leader and starts a new record of
   * answering peers (an empty one). It sends nothing either way; at any other server it changes
   * nothing.
   */
  static String checkQuorum(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.timer() instanceof CheckQuorumDue)) {
      return null;
    }
    if (before.role != RaftRole.LEADER) {
      return unchanged(step, before, after);
    }
    if (!step.sent().isEmpty()) {
      return "sent " + step.sent() + " on a CheckQuorum check";
    }
    if (after == null) {
      return null;
    }
    Set<NodeId> heard = new TreeSet<>(before.activeSinceCheck);
    heard.add(before.self);
    boolean quorum =
        RaftLeaderDuties.quorumOf(RaftLeaderDuties.configInForce(before), heard::contains);
    if (after.term != before.term || !Objects.equals(after.votedFor, before.votedFor)) {
      return "changed its term or vote on a CheckQuorum check";
    }
    if (!quorum && (after.role != RaftRole.FOLLOWER || after.leaderId != null)) {
      return "is " + describe(after) + " after a CheckQuorum check that heard only " + heard;
    }
    if (quorum && (after.role != RaftRole.LEADER || !after.activeSinceCheck.isEmpty())) {
      return "is "
          + describe(after)
          + " still recording "
          + after.activeSinceCheck
          + " after a CheckQuorum check that heard the quorum "
          + heard;
    }
    return null;
  }

  // ------------------------------------------------------------------ helpers

  /** Nothing sent, and the term, vote, role and leader as before. */
  private static String unchanged(Step step, RaftState before, RaftState after) {
    if (!step.sent().isEmpty()) {
      return "sent " + step.sent() + " on " + trigger(step) + " as " + before.role;
    }
    if (after != null
        && (after.term != before.term
            || !Objects.equals(after.votedFor, before.votedFor)
            || after.role != before.role
            || !Objects.equals(after.leaderId, before.leaderId))) {
      return "went from " + describe(before) + " to " + describe(after) + " on " + trigger(step);
    }
    return null;
  }

  /** {@link #unchanged}, and the (pre-)votes held as before. */
  private static String unchangedVotes(Step step, RaftState before, RaftState after) {
    String broke = unchanged(step, before, after);
    if (broke == null && after != null && !after.votes.equals(before.votes)) {
      return "holds votes " + after.votes + ", not " + before.votes + ", after " + trigger(step);
    }
    return broke;
  }

  /** A vote or pre-vote counted below a quorum: role and term kept, the vote held, nothing sent. */
  private static String counted(Step step, RaftState before, RaftState after, Set<NodeId> votes) {
    if (!step.sent().isEmpty()) {
      return "sent " + step.sent() + " on " + trigger(step) + " with votes " + votes;
    }
    if (after != null
        && (after.role != before.role || after.term != before.term || !after.votes.equals(votes))) {
      return "is " + describe(after) + " with votes " + after.votes + ", not " + votes;
    }
    return null;
  }

  /** A reply of a newer term: a follower of that term with no vote and no leader, nothing sent. */
  private static String newerTerm(Step step, RaftState after, long term) {
    if (!step.sent().isEmpty()) {
      return "sent " + step.sent() + " on " + trigger(step) + " of a newer term";
    }
    if (after != null
        && (after.term != term
            || after.role != RaftRole.FOLLOWER
            || after.votedFor != null
            || after.leaderId != null)) {
      return "is " + describe(after) + " after " + trigger(step) + ", not a follower of " + term;
    }
    return null;
  }

  private static Set<NodeId> withVote(RaftState before, NodeId from) {
    Set<NodeId> votes = new TreeSet<>(before.votes);
    votes.add(from);
    return votes;
  }

  /** Whether this server's own vote is a quorum of {@code m} (a one-voter configuration). */
  static boolean alone(Membership m, NodeId self) {
    return RaftLeaderDuties.quorumOf(m, self::equals);
  }

  /** A voter of either half of {@code m}, read from its sets (not by the judged lookup). */
  static boolean isVoter(Membership m, NodeId id) {
    return m.voters().contains(id) || (m.joint() != null && m.joint().contains(id));
  }

  /** {@code message} to every other member of {@code m}, in member order. */
  static List<Step.Sent> toPeers(Membership m, NodeId self, Message message) {
    List<Step.Sent> out = new ArrayList<>();
    for (NodeId p : members(m)) {
      if (!p.equals(self)) {
        out.add(new Step.Sent(p, message));
      }
    }
    return out;
  }

  /** Both halves' voters, in order. */
  static Set<NodeId> members(Membership m) {
    Set<NodeId> all = new TreeSet<>(m.voters());
    if (m.joint() != null) {
      all.addAll(m.joint());
    }
    return all;
  }

  static String describe(RaftState s) {
    return s.role
        + " of term "
        + s.term
        + " (vote "
        + s.votedFor
        + ", leader "
        + s.leaderId
        + ", votes "
        + s.votes
        + ")";
  }

  static String trigger(Step step) {
    return step.message() != null
        ? step.message() + " from " + step.from()
        : String.valueOf(step.timer());
  }
}
