package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.SnapshotReply;
import dev.faultline.protocols.raft.RaftTimer.HeartbeatDue;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * A leader's rules at a step ({@link RaftStepRules}, the {@code checkSteps} option): what an
 * AppendReply or SnapshotReply does to its nextIndex and matchIndex and when it must send again,
 * and what its heartbeat sends.
 */
final class RaftLeaderRules {
  private RaftLeaderRules() {}

  /**
   * AppendReply and SnapshotReply at a server. A reply of a newer term makes it a follower of that
   * term and sends nothing. A reply of the leader's own term that refuses a request of an older
   * term (an AppendReply failure without a conflict hint, a SnapshotReply of index 0) is stale like
   * one of an older term: its round was counted in another term, perhaps before a restart set the
   * counter back, so it acknowledges nothing. Any other reply of the leader's own term: the sender
   * joins the record of answering peers with the reply's round. A success (or a snapshot reply)
   * acknowledging more than the sender's matchIndex sets matchIndex to what it acknowledges and
   * nextIndex to at least one past it (a snapshot reply: exactly one past it), then sends the
   * sender what follows at once when the leader still leads and holds more (a snapshot reply:
   * whenever it still leads). A failure answering the request sent at the current nextIndex lowers
   * nextIndex to the conflict hint, kept above matchIndex and below the old nextIndex, and retries
   * at once when that lowers it. Every other reply leaves both indexes as they were.
   */
  static String reply(Step step, RaftState before, RaftState after, long nowTicks) {
    long term;
    long round;
    if (step.message() instanceof AppendReply r) {
      term = r.term();
      round = r.round();
    } else if (step.message() instanceof SnapshotReply r) {
      term = r.term();
      round = r.round();
    } else {
      return null;
    }
    if (term > before.term) {
      return newerTerm(step, after, term);
    }
    if (before.role != RaftRole.LEADER || term != before.term || refusesOlderTerm(step.message())) {
      return stale(step, before, after); // its term (or its request's) no longer matters
    }
    if (after == null) {
      return null; // the leader crashed as the step ended
    }
    NodeId from = step.from();
    if (!after.activeSinceCheck.contains(from)
        || after.ackedRound.getOrDefault(from, Long.MIN_VALUE)
            != Math.max(before.ackedRound.getOrDefault(from, Long.MIN_VALUE), round)) {
      return "did not record " + from + "'s answer to round " + round;
    }
    return indexes(step, before, after);
  }

  /**
   * A reply of the receiver's term that refuses a request of an older term: no current-term refusal
   * lacks a conflict hint, no current-term snapshot reply has index 0. Written out here, not asked
   * of RaftNode, so that a wrong answer there is not also the judge's.
   */
  private static boolean refusesOlderTerm(Message m) {
    return (m instanceof AppendReply a && !a.success() && a.conflictIndex() == 0)
        || (m instanceof SnapshotReply s && s.lastIncludedIndex() == 0);
  }

  /**
   * A stale reply (of an older term, refusing a request of an older term, or at a server that no
   * longer leads) changes nothing: no send, no index, no acknowledged round.
   */
  private static String stale(Step step, RaftState before, RaftState after) {
    if (!step.sent().isEmpty()) {
      return "sent " + step.sent() + " on the stale " + step.message();
    }
    NodeId from = step.from();
    if (after != null
        && after.role == RaftRole.LEADER
        && after.term == before.term
        && (after.ackedRound.getOrDefault(from, Long.MIN_VALUE)
                != before.ackedRound.getOrDefault(from, Long.MIN_VALUE)
            || after.activeSinceCheck.contains(from) != before.activeSinceCheck.contains(from))) {
      return "recorded " + from + "'s answer on the stale " + step.message();
    }
    if (after != null
        && (after.matchIndex.getOrDefault(from, -1L) != before.matchIndex.getOrDefault(from, -1L)
            || after.nextIndex.getOrDefault(from, -1L)
                != before.nextIndex.getOrDefault(from, -1L))) {
      return "moved its indexes for " + from + " on the stale " + step.message();
    }
    return null;
  }

  /** A reply of a newer term: a follower of that term, nothing sent. */
  private static String newerTerm(Step step, RaftState after, long term) {
    if (!step.sent().isEmpty()) {
      return "sent " + step.sent() + " on " + step.message() + " of a newer term";
    }
    return after == null || after.role == RaftRole.FOLLOWER
        ? RaftStepRules.termAfter(after, term, step)
        : "is " + after.role + " after " + step.message() + " of a newer term";
  }

  /** A reply of the leader's term: its indexes for the sender, and the resend they call for. */
  private static String indexes(Step step, RaftState before, RaftState after) {
    NodeId from = step.from();
    long match = before.matchIndex.getOrDefault(from, 0L);
    long next = before.nextIndex.getOrDefault(from, before.log.lastIndex() + 1);
    Expected e = expected(step.message(), match, next);
    long newMatch = after.matchIndex.getOrDefault(from, 0L);
    long newNext = after.nextIndex.getOrDefault(from, -1L);
    // A member the leader holds no nextIndex for is sent from its last index + 1 at each use; a
    // SnapshotReply that moves nothing may leave it so (an AppendReply records it).
    boolean stillUnset =
        newNext == -1L && before.nextIndex.getOrDefault(from, -1L) == -1L && e.next() == next;
    if (newMatch != e.match() || (newNext != e.next() && !stillUnset)) {
      return "holds matchIndex "
          + newMatch
          + " and nextIndex "
          + newNext
          + " for "
          + from
          + " after "
          + step.message()
          + ", not "
          + e.match()
          + " and "
          + e.next()
          + " (before: "
          + match
          + " and "
          + next
          + ")";
    }
    if (e.resend() && after.role == RaftRole.LEADER && mustResend(step, after, newNext)) {
      List<Message> sent = RaftStepRules.sentTo(step, from);
      Message expected = RaftStepRules.expectedAppend(after, newNext);
      if (!sent.contains(expected)) {
        return "sent " + sent + " to " + from + " after " + step.message() + ", not " + expected;
      }
    }
    return null;
  }

  private record Expected(long match, long next, boolean resend) {}

  private static Expected expected(Message m, long match, long next) {
    if (m instanceof SnapshotReply r) {
      long acked = r.lastIncludedIndex();
      return acked > match
          ? new Expected(acked, acked + 1, true)
          : new Expected(match, next, false);
    }
    AppendReply r = (AppendReply) m;
    if (r.success()) {
      return r.matchIndex() > match
          ? new Expected(r.matchIndex(), Math.max(next, r.matchIndex() + 1), true)
          : new Expected(match, next, false);
    }
    if (r.prevLogIndex() + 1 != next) {
      return new Expected(match, next, false); // answers an older request: nothing to lower
    }
    long lowered = Math.max(match + 1, Math.min(r.conflictIndex(), next - 1));
    return lowered < next ? new Expected(match, lowered, true) : new Expected(match, next, false);
  }

  /** A success resends only while the leader holds more; a refusal or a snapshot reply always. */
  private static boolean mustResend(Step step, RaftState after, long next) {
    return !(step.message() instanceof AppendReply r && r.success())
        || next <= after.log.lastIndex();
  }

  /**
   * HeartbeatDue at a leader starts a new round and sends every other member of its configuration,
   * in member order, the AppendEntries (or, when the member's nextIndex is within its snapshot, the
   * InstallSnapshot) its nextIndex, log and commit index call for; at any other server it sends
   * nothing.
   */
  static String heartbeat(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.timer() instanceof HeartbeatDue)) {
      return null;
    }
    if (before.role != RaftRole.LEADER) {
      return step.sent().isEmpty()
          ? null
          : "sent " + step.sent() + " on a heartbeat as " + before.role;
    }
    if (after == null) {
      return null;
    }
    if (after.round != before.round + 1) {
      return "went from round " + before.round + " to " + after.round + " on a heartbeat";
    }
    List<Step.Sent> expected = new ArrayList<>();
    for (NodeId p : RaftLeaderDuties.configInForce(after).members()) {
      if (!p.equals(after.self)) {
        // A member without a nextIndex yet (one a configuration entry added) starts past the log.
        long next = before.nextIndex.getOrDefault(p, before.log.lastIndex() + 1);
        expected.add(new Step.Sent(p, RaftStepRules.expectedAppend(after, next)));
      }
    }
    if (!step.sent().equals(expected)) {
      return "sent " + step.sent() + " on a heartbeat, not " + expected;
    }
    return null;
  }

  /**
   * ReadIndex (thesis 6.4): after any step, a leader holds no read that it could answer, one whose
   * round a quorum (itself included) has acknowledged and whose read index it has applied. Every
   * step that can make a read answerable (an acknowledgement, an apply, the read's arrival) answers
   * it before it ends; a read left waiting waits for the next acknowledgement.
   */
  static String reads(Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null || after.role != RaftRole.LEADER || after.pendingReads.isEmpty()) {
      return null;
    }
    Membership m = RaftLeaderDuties.configInForce(after);
    for (RaftState.PendingRead r : after.pendingReads) {
      if (r.round() >= 0
          && after.lastApplied >= r.readIndex()
          && RaftLeaderDuties.quorumOf(
              m,
              id ->
                  id.equals(after.self)
                      || after.ackedRound.getOrDefault(id, Long.MIN_VALUE) >= r.round())) {
        return "still holds " + r + ", confirmed by a quorum and applied, after " + describe(step);
      }
    }
    return null;
  }

  private static String describe(Step step) {
    return step.message() != null
        ? step.message() + " from " + step.from()
        : String.valueOf(step.timer());
  }
}
