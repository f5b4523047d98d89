package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;

/**
 * Replication rules at a step ({@link RaftStepRules}, the {@code checkSteps} option) beside the
 * receiver and reply rules: a leader sends nothing on an acknowledgement that moves neither of its
 * indexes, starts a member it has no nextIndex for past its log, and a server's record of what a
 * step applied describes that step only.
 */
final class RaftReplicationRules {
  private RaftReplicationRules() {}

  /**
   * An AppendReply of the leader's term that leaves the sender's matchIndex and nextIndex as they
   * were (a duplicate or late success, a refusal of an older request, or one that cannot lower
   * nextIndex further) sends no AppendEntries or InstallSnapshot: Figure 2 retries only on a
   * refusal that lowers nextIndex, and sends more only on a success that raises matchIndex; the
   * next heartbeat carries anything else.
   */
  static String quietOnNoProgress(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof AppendReply r)
        || before.role != RaftRole.LEADER
        || r.term() != before.term
        || after == null
        || after.role != RaftRole.LEADER) {
      return null;
    }
    NodeId from = step.from();
    if (after.matchIndex.getOrDefault(from, -1L) != before.matchIndex.getOrDefault(from, -1L)
        || after.nextIndex.getOrDefault(from, -1L) != before.nextIndex.getOrDefault(from, -1L)) {
      return null;
    }
    for (Step.Sent s : step.sent()) {
      if (s.message() instanceof AppendEntries || s.message() instanceof InstallSnapshot) {
        return "sent "
            + s.message()
            + " to "
            + s.to()
            + " on "
            + r
            + " from "
            + from
            + ", which moved neither index for it";
      }
    }
    return null;
  }

  /**
   * A leader that, within its term, first sends AppendEntries to a member it held no nextIndex for
   * (one a configuration entry added) starts it past its log, as Figure 2 starts every follower at
   * election: the request is empty and its prevLogIndex is the leader's last index.
   */
  static String newMemberStartsPastLog(
      Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null
        || before.role != RaftRole.LEADER
        || after.role != RaftRole.LEADER
        || after.term != before.term) {
      return null;
    }
    for (Step.Sent s : step.sent()) {
      if (s.message() instanceof AppendEntries a
          && before.nextIndex.getOrDefault(s.to(), -1L) == -1L
          && (a.prevLogIndex() != after.log.lastIndex() || !a.entries().isEmpty())) {
        return "first sent "
            + s.to()
            + ", which it held no nextIndex for, "
            + a
            + " with its log ending at "
            + after.log.lastIndex();
      }
    }
    return null;
  }

  /**
   * A step that leaves {@code lastApplied} where it was reports nothing applied and no snapshot
   * installed: the record is of the current event only (StateMachineSafety reads it as such), so an
   * earlier event's entries may not linger into a later one, a timer's included.
   */
  static String appliedRecordIsThisStep(
      Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null || after.lastApplied != before.lastApplied) {
      return null;
    }
    if (!after.justApplied().isEmpty() || after.justInstalled() != null) {
      return "applied nothing on "
          + (step.message() != null ? step.message() : step.timer())
          + " (lastApplied "
          + after.lastApplied
          + ") but reports applying "
          + after.justApplied()
          + (after.justInstalled() != null ? " and installing a snapshot" : "");
    }
    return null;
  }
}
