package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.raft.RaftMessage.ClientReply;
import dev.faultline.protocols.raft.RaftMessage.ClientRequest;
import dev.faultline.sim.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * ReadIndex, steps 4 and 5 (thesis 6.4), at each step of a leader ({@link RaftStepRules}, the
 * {@code checkSteps} option): a read leaves the leader's pending reads only with its answer, and
 * only once it may be answered. {@link RaftLeaderRules#reads} judges the converse (a read that may
 * be answered is).
 */
final class RaftReadRules {
  private RaftReadRules() {}

  /**
   * Every read a leader held before the step, or received in it, and holds no longer while it still
   * leads was answered in the step: {@code ClientReply(seq, true, value of its key, leader)} to its
   * client, sent when a quorum (the leader included) had acknowledged the read's round and the
   * leader had applied its read index. The reads it still holds keep their order.
   */
  static String answered(Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null
        || after.role != RaftRole.LEADER
        || before.role != RaftRole.LEADER
        || after.term != before.term) {
      return null; // a leader that stops leading drops its reads: the clients retry
    }
    List<RaftState.PendingRead> held = new ArrayList<>(before.pendingReads);
    if (step.message() instanceof ClientRequest c
        && !KvStore.isWrite(c.f())
        && before.config.bug() != RaftBug.R7
        && before.config.reads() == RaftConfig.ReadMode.READ_INDEX) {
      held.add(new RaftState.PendingRead(step.from(), c.seq(), c.key(), -1, -1));
    }
    int at = 0;
    for (RaftState.PendingRead kept : after.pendingReads) {
      int i = at;
      while (i < held.size() && !sameRead(held.get(i), kept)) {
        i++;
      }
      if (i == held.size()) {
        return "holds "
            + kept
            + ", which it did not hold before in that order, after "
            + RaftClientRules.describe(step);
      }
      for (int gone = at; gone < i; gone++) {
        String broke = servedRightly(step, after, held.get(gone));
        if (broke != null) {
          return broke;
        }
      }
      at = i + 1;
    }
    for (int gone = at; gone < held.size(); gone++) {
      String broke = servedRightly(step, after, held.get(gone));
      if (broke != null) {
        return broke;
      }
    }
    return null;
  }

  private static boolean sameRead(RaftState.PendingRead held, RaftState.PendingRead kept) {
    // A read unstarted before the step may have been started in it; a started one keeps its round.
    return held.client().equals(kept.client())
        && held.seq() == kept.seq()
        && held.key().equals(kept.key())
        && (held.round() < 0
            || (held.round() == kept.round() && held.readIndex() == kept.readIndex()));
  }

  /**
   * A read the step took off the list: answered with its key's value, and confirmed. A read still
   * unstarted before the step was started in it, with the commit index and the step's round.
   */
  private static String servedRightly(Step step, RaftState after, RaftState.PendingRead r) {
    long readIndex = r.round() >= 0 ? r.readIndex() : after.commitIndex;
    long round = r.round() >= 0 ? r.round() : after.round;
    ClientReply answer = new ClientReply(r.seq(), true, after.kv.get(r.key()), after.self);
    if (!step.sent().contains(new Step.Sent(r.client(), answer))) {
      return "dropped "
          + r
          + " without answering "
          + answer
          + ", after "
          + RaftClientRules.describe(step);
    }
    boolean confirmed =
        RaftClientRules.committedInTerm(after)
            && after.lastApplied >= readIndex
            && RaftLeaderDuties.quorumOf(
                RaftLeaderDuties.configInForce(after),
                id ->
                    id.equals(after.self)
                        || after.ackedRound.getOrDefault(id, Long.MIN_VALUE) >= round);
    if (!confirmed) {
      return "answered "
          + r
          + " before a quorum acknowledged round "
          + round
          + " and read index "
          + readIndex
          + " was applied (applied "
          + after.lastApplied
          + ", acknowledged rounds "
          + after.ackedRound
          + " in "
          + RaftLeaderDuties.configInForce(after)
          + ", commit "
          + after.commitIndex
          + " in term "
          + after.term
          + "), after "
          + RaftClientRules.describe(step);
    }
    return null;
  }
}
