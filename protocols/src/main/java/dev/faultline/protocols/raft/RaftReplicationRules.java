package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.sim.api.Step;

/**
 * Replication rules at a step ({@link RaftStepRules}, the {@code checkSteps} option) beside the
 * receiver and reply rules: a leader starts a member it has no nextIndex for past its log, and a
 * server's record of what a step applied describes that step only. (A leader that sends on an
 * acknowledgement moving neither index breaks {@code OldNewsSendsNothing}, in RaftApplyRules.)
 */
final class RaftReplicationRules {
  private RaftReplicationRules() {}

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
