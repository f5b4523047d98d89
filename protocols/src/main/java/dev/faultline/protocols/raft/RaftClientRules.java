package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.raft.RaftCommand.ClientCommand;
import dev.faultline.protocols.raft.RaftMessage.ClientReply;
import dev.faultline.protocols.raft.RaftMessage.ClientRequest;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * A server's rules for client requests and ReadIndex reads ({@link RaftStepRules}, the {@code
 * checkSteps} option): the redirect a non-leader answers with, the one entry a leader appends for a
 * new write and the round it sends it in, the session table's answer to a duplicate, and when a
 * read's index and round are fixed and when it may be answered (thesis 6.3 and 6.4).
 */
final class RaftClientRules {
  private RaftClientRules() {}

  /**
   * ClientRequest at a server (thesis 6.2, 6.3, 6.4). A non-leader answers {@code ClientReply(seq,
   * false, null, leader it knows)} and changes nothing. At a leader, a get in {@code readIndex}
   * mode appends nothing (see {@link #readRequest}); any other request whose (client, seq) the
   * session table has already executed is answered from the table alone; any other appends exactly
   * one entry, of the leader's term, carrying the request, and sends it at once in a new round:
   * every other member of the configuration gets the AppendEntries (or InstallSnapshot) its
   * nextIndex calls for, and nothing else is sent (unless the entry committed at once: a lone
   * voter).
   */
  static String clientRequest(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof ClientRequest c)) {
      return null;
    }
    if (before.role != RaftRole.LEADER) {
      String reply =
          RaftStepRules.onlyReply(step, new ClientReply(c.seq(), false, null, before.leaderId));
      return reply != null ? reply : unchanged(step, before, after);
    }
    if (after == null) {
      return null; // crashed as the step ended: its sends are judged by the other rules
    }
    boolean read = !KvStore.isWrite(c.f());
    if (read && before.config.bug() == RaftBug.R7) {
      return null; // R7 answers a read from its state at once: the variant's planted bug
    }
    if (read && before.config.reads() == RaftConfig.ReadMode.READ_INDEX) {
      return readRequest(step, c, before, after);
    }
    String done = before.sessions.outputOf(step.from().name(), c.seq());
    if (done != null) {
      String reply =
          RaftStepRules.onlyReply(step, new ClientReply(c.seq(), true, done, before.self));
      return reply != null ? reply : unchanged(step, before, after);
    }
    return write(step, c, before, after);
  }

  private static String write(Step step, ClientRequest c, RaftState before, RaftState after) {
    long index = before.log.lastIndex() + 1;
    RaftEntry entry =
        new RaftEntry(
            before.term, new ClientCommand(step.from(), c.seq(), c.f(), c.key(), c.value()));
    if (after.log.lastIndex() != index
        || (after.log.has(index) && !after.log.entryAt(index).equals(entry))) {
      return "ends its log at "
          + after.log.lastIndex()
          + " after "
          + c
          + " from "
          + step.from()
          + ", not with "
          + entry
          + " at "
          + index;
    }
    if (after.role != RaftRole.LEADER || after.commitIndex != before.commitIndex) {
      return null; // committed at once: what the commit sends is the apply rule's
    }
    return newRound(step, before, after, List.of());
  }

  /**
   * A get in {@code readIndex} mode at a leader appends nothing. Before an entry of the leader's
   * term has committed the read waits, unstarted, and nothing is sent; after, it is started at once
   * (read index = commit index, the next round) with every other read still unstarted, that round
   * is sent to every other member, and the read is answered in this step or left waiting.
   */
  private static String readRequest(Step step, ClientRequest c, RaftState before, RaftState after) {
    if (after.log.lastIndex() != before.log.lastIndex()) {
      return "appended to its log for the read " + c + " from " + step.from();
    }
    if (!committedInTerm(before)) {
      RaftState.PendingRead waiting =
          new RaftState.PendingRead(step.from(), c.seq(), c.key(), -1, -1);
      if (!step.sent().isEmpty() || !after.pendingReads.contains(waiting)) {
        return "sent "
            + step.sent()
            + " and holds "
            + after.pendingReads
            + ", not "
            + waiting
            + " alone, on "
            + c
            + " before its term has a commit";
      }
      return null;
    }
    RaftState.PendingRead started =
        new RaftState.PendingRead(
            step.from(), c.seq(), c.key(), before.commitIndex, before.round + 1);
    Message answer = new ClientReply(c.seq(), true, after.kv.get(c.key()), after.self);
    if (!after.pendingReads.contains(started)
        && !step.sent().contains(new Step.Sent(step.from(), answer))) {
      return "neither holds " + started + " nor answered " + answer + " on " + c;
    }
    return newRound(step, before, after, List.of(ClientReply.class));
  }

  /**
   * Null if the step started one new round and sent it to every other member, in member order, as
   * its nextIndex calls for, and sent nothing else but messages of the {@code alsoAllowed} types.
   */
  private static String newRound(
      Step step, RaftState before, RaftState after, List<Class<?>> alsoAllowed) {
    if (after.round != before.round + 1) {
      return "went from round " + before.round + " to " + after.round + " on " + step.message();
    }
    List<Step.Sent> expected = new ArrayList<>();
    for (NodeId p : RaftLeaderDuties.configInForce(after).members()) {
      if (!p.equals(after.self)) {
        long next = before.nextIndex.getOrDefault(p, after.log.lastIndex() + 1);
        expected.add(new Step.Sent(p, RaftStepRules.expectedAppend(after, next)));
      }
    }
    List<Step.Sent> sent = new ArrayList<>();
    for (Step.Sent s : step.sent()) {
      if (!alsoAllowed.contains(s.message().getClass())) {
        sent.add(s);
      }
    }
    if (!sent.equals(expected)) {
      return "sent " + sent + " on " + step.message() + ", not the round " + expected;
    }
    return null;
  }

  /** A request that changes nothing: term, role, log, commit index and reads as they were. */
  private static String unchanged(Step step, RaftState before, RaftState after) {
    if (after != null
        && (after.term != before.term
            || after.role != before.role
            || after.log.lastIndex() != before.log.lastIndex()
            || after.commitIndex != before.commitIndex
            || after.pendingReads.size() != before.pendingReads.size())) {
      return "changed its term, role, log, commit index or reads on " + step.message();
    }
    return null;
  }

  /** Thesis 6.4: whether an entry of the leader's term has committed (its commit index's term). */
  static boolean committedInTerm(RaftState s) {
    return s.log.termAt(s.commitIndex) == s.term;
  }

  /**
   * ReadIndex, step 1 (thesis 6.4): a leader fixes a read's index only once an entry of its term
   * has committed, and then at once: after any step, a leader with such a commit holds no unstarted
   * read. A read started in the step gets the commit index as its read index and the step's last
   * round, which the step sent to every other member; a read started before keeps its index and
   * round.
   */
  static String readsStart(Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null || after.role != RaftRole.LEADER || after.pendingReads.isEmpty()) {
      return null;
    }
    boolean committed = committedInTerm(after);
    for (RaftState.PendingRead r : after.pendingReads) {
      if (r.round() < 0) {
        if (committed) {
          return "holds the unstarted "
              + r
              + " with an entry of its term committed, after "
              + describe(step);
        }
        continue;
      }
      boolean old = before.role == RaftRole.LEADER && before.pendingReads.contains(r);
      if (old) {
        continue;
      }
      if (!committed || r.readIndex() != after.commitIndex || r.round() != after.round) {
        return "started "
            + r
            + " at commit index "
            + after.commitIndex
            + " in round "
            + after.round
            + (committed ? "" : " before its term had a commit")
            + ", after "
            + describe(step);
      }
      if (!roundSent(step, after)) {
        return "started " + r + " without sending round " + after.round + " to every member";
      }
    }
    return null;
  }

  /** Whether every other member was sent a message of the leader's current round in the step. */
  private static boolean roundSent(Step step, RaftState after) {
    for (NodeId p : RaftLeaderDuties.configInForce(after).members()) {
      if (p.equals(after.self)) {
        continue;
      }
      boolean got = false;
      for (Message m : RaftStepRules.sentTo(step, p)) {
        got |= m instanceof RaftMessage.AppendEntries a && a.round() == after.round;
        got |= m instanceof RaftMessage.InstallSnapshot i && i.round() == after.round;
      }
      if (!got) {
        return false;
      }
    }
    return true;
  }

  static String describe(Step step) {
    return step.message() != null
        ? step.message() + " from " + step.from()
        : String.valueOf(step.timer());
  }
}
