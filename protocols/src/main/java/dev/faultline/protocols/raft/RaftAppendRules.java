package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.protocols.raft.RaftMessage.SnapshotReply;
import dev.faultline.sim.api.Step;
import java.util.List;

/**
 * The receiver rules of AppendEntries and InstallSnapshot ({@link RaftStepRules}, the {@code
 * checkSteps} option): the reply each request must get, and the follower's log, commit index and
 * leader after it, computed from the follower's state before the step.
 */
final class RaftAppendRules {
  private RaftAppendRules() {}

  /**
   * AppendEntries receiver (Figure 2, with this project's snapshot skip and conflict hint). A
   * request of an older term gets {@code AppendReply(term, false, prevLogIndex, 0, 0)} and changes
   * nothing. One of the leader's own term at a leader gets no reply (two leaders in a term: only a
   * bug gets there). Otherwise the receiver adopts the term, follows the sender, and: where its
   * snapshot covers the whole request, succeeds with the index the request reaches; where its log
   * has no entry at prevLogIndex of prevLogTerm (prevLogIndex moved up to the snapshot's base when
   * below it), fails with the conflict hint (its last index + 1 when prevLogIndex is beyond its
   * log, else the first index of its term at prevLogIndex) and keeps its log; else succeeds with
   * matchIndex = prevLogIndex + entries, holds the entries at their indexes, keeps its tail past
   * them unless one of them conflicted, sets commitIndex to max(commitIndex, min(leaderCommit, last
   * new index)) and applies up to it.
   */
  static String appendEntries(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof AppendEntries a)) {
      return null;
    }
    if (a.term() < before.term) {
      String reply =
          RaftStepRules.onlyReply(
              step, new AppendReply(before.term, false, a.prevLogIndex(), 0, 0, a.round()));
      return reply != null ? reply : unchanged(before, after, a);
    }
    if (a.term() == before.term && before.role == RaftRole.LEADER) {
      return step.sent().isEmpty() ? null : "answered " + a + " while leading its term";
    }
    String follows = followsSender(step, after, a.term());
    if (follows != null) {
      return follows;
    }
    RaftLog log = before.log;
    long prev = a.prevLogIndex();
    long prevTerm = a.prevLogTerm();
    List<RaftEntry> entries = a.entries();
    if (prev < log.baseIndex()) {
      long skip = Math.min(entries.size(), log.baseIndex() - prev);
      entries = entries.subList((int) skip, entries.size());
      if (prev + skip < log.baseIndex()) {
        AppendReply covered = new AppendReply(a.term(), true, prev, prev + skip, 0, a.round());
        String reply = RaftStepRules.onlyReply(step, covered);
        return reply != null ? reply : unchanged(before, after, a);
      }
      prev = log.baseIndex();
      prevTerm = log.baseTerm();
    }
    if (log.termAt(prev) != prevTerm) {
      long conflict = prev > log.lastIndex() ? log.lastIndex() + 1 : firstOfTermRun(log, prev);
      AppendReply refused =
          new AppendReply(a.term(), false, a.prevLogIndex(), 0, conflict, a.round());
      String reply = RaftStepRules.onlyReply(step, refused);
      return reply != null ? reply : unchanged(before, after, a);
    }
    long lastNew = prev + entries.size();
    String reply =
        RaftStepRules.onlyReply(
            step, new AppendReply(a.term(), true, a.prevLogIndex(), lastNew, 0, a.round()));
    return reply != null ? reply : stored(before, after, a, prev, entries);
  }

  /** After an accepted request: the follower's term, role and leader. */
  private static String followsSender(Step step, RaftState after, long term) {
    String wrongTerm = RaftStepRules.termAfter(after, term, step);
    if (wrongTerm != null) {
      return wrongTerm;
    }
    if (after != null && (after.role != RaftRole.FOLLOWER || !step.from().equals(after.leaderId))) {
      return "is "
          + after.role
          + " following "
          + after.leaderId
          + " after "
          + step.message()
          + " from "
          + step.from();
    }
    return null;
  }

  /** A refused or fully covered request: the log and commit index stay as they were. */
  private static String unchanged(RaftState before, RaftState after, Object request) {
    if (after == null) {
      return null;
    }
    if (after.log.lastIndex() != before.log.lastIndex()
        || after.log.lastTerm() != before.log.lastTerm()
        || after.log.baseIndex() != before.log.baseIndex()
        || after.commitIndex != before.commitIndex) {
      return "changed its log (base "
          + before.log.baseIndex()
          + " -> "
          + after.log.baseIndex()
          + ", last "
          + before.log.lastIndex()
          + "/t"
          + before.log.lastTerm()
          + " -> "
          + after.log.lastIndex()
          + "/t"
          + after.log.lastTerm()
          + ") or commitIndex ("
          + before.commitIndex
          + " -> "
          + after.commitIndex
          + ") on "
          + request
          + " that it refused or already held";
    }
    return null;
  }

  /** An accepted request: the entries are in place, the tail kept unless one conflicted. */
  private static String stored(
      RaftState before, RaftState after, AppendEntries a, long prev, List<RaftEntry> entries) {
    if (after == null) {
      return null;
    }
    boolean conflicted = false;
    for (int k = 0; k < entries.size(); k++) {
      long index = prev + 1 + k;
      if (before.log.has(index) && before.log.termAt(index) != entries.get(k).term()) {
        conflicted = true;
      }
      if (index > after.log.baseIndex() && after.log.termAt(index) != entries.get(k).term()) {
        return "holds term " + after.log.termAt(index) + " at " + index + " after " + a;
      }
    }
    long lastNew = prev + entries.size();
    long last = conflicted ? lastNew : Math.max(before.log.lastIndex(), lastNew);
    if (after.log.lastIndex() != last) {
      return "ends its log at " + after.log.lastIndex() + ", not at " + last + ", after " + a;
    }
    long commit = before.commitIndex;
    if (a.leaderCommit() > commit) {
      commit = Math.max(commit, Math.min(a.leaderCommit(), lastNew));
    }
    if (after.commitIndex != commit || after.lastApplied != commit) {
      return "has commitIndex "
          + after.commitIndex
          + " and lastApplied "
          + after.lastApplied
          + ", not both "
          + commit
          + ", after "
          + a
          + " (commitIndex "
          + before.commitIndex
          + " before)";
    }
    return null;
  }

  /**
   * InstallSnapshot receiver (Figure 13, one message): a request of an older term gets {@code
   * SnapshotReply(term, 0)} and changes nothing; one of the leader's own term at a leader gets no
   * reply. Otherwise the receiver adopts the term and follows the sender; a snapshot beyond its
   * commit index becomes its base, commit and applied index (the entries after it are kept when its
   * log holds the snapshot's last entry, else dropped); it replies {@code SnapshotReply(term,
   * lastIncludedIndex)} either way.
   */
  static String installSnapshot(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof InstallSnapshot m)) {
      return null;
    }
    if (m.term() < before.term) {
      String reply = RaftStepRules.onlyReply(step, new SnapshotReply(before.term, 0, m.round()));
      return reply != null ? reply : unchanged(before, after, m);
    }
    if (m.term() == before.term && before.role == RaftRole.LEADER) {
      return step.sent().isEmpty() ? null : "answered " + m + " while leading its term";
    }
    String follows = followsSender(step, after, m.term());
    if (follows != null) {
      return follows;
    }
    long index = m.snapshot().lastIncludedIndex();
    String reply = RaftStepRules.onlyReply(step, new SnapshotReply(m.term(), index, m.round()));
    if (reply != null || after == null) {
      return reply;
    }
    if (index <= before.commitIndex) {
      return unchanged(before, after, m);
    }
    boolean keepsTail = before.log.termAt(index) == m.snapshot().lastIncludedTerm();
    long last = keepsTail ? Math.max(before.log.lastIndex(), index) : index;
    if (after.log.baseIndex() != index
        || after.log.lastIndex() != last
        || after.commitIndex != index
        || after.lastApplied != index) {
      return "installed "
          + m.snapshot().lastIncludedIndex()
          + "/t"
          + m.snapshot().lastIncludedTerm()
          + " as base "
          + after.log.baseIndex()
          + ", last "
          + after.log.lastIndex()
          + " (not "
          + last
          + "), commitIndex "
          + after.commitIndex
          + ", lastApplied "
          + after.lastApplied;
    }
    return null;
  }

  /**
   * The first index of the run of entries that ends at {@code index} and has its term: the conflict
   * hint a refusal carries. Counted here from the log's terms, not by the log's own {@code
   * firstIndexOfTermAt} (which the handler uses), so that a wrong hint there cannot also change
   * what this rule expects.
   */
  private static long firstOfTermRun(RaftLog log, long index) {
    long term = log.termAt(index);
    long first = index;
    for (long i = index - 1; i > log.baseIndex() && log.termAt(i) == term; i--) {
      first = i;
    }
    return first;
  }
}
