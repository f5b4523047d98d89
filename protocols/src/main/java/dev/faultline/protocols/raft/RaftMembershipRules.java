package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.ConfigReply;
import dev.faultline.protocols.raft.RaftMessage.ConfigRequest;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A server's membership rules at a step ({@link RaftStepRules}, the {@code checkSteps} option): the
 * answer an admin's configuration request gets, the configuration entry a leader appends for it,
 * the answer once it commits, and the replication of every configuration entry a leader appends.
 * The configuration in force and the voter counts are read from the log here, not through the
 * server's own lookups, which the judged code may get wrong.
 */
final class RaftMembershipRules {
  private RaftMembershipRules() {}

  /**
   * ConfigRequest at a server (section 6 and dissertation 4, as documented for this project). A
   * non-leader answers "not the leader" with the leader it knows. A leader whose configuration is
   * settled (not joint, its newest configuration entry committed) and already the requested one
   * answers "in force". A repeat of the request it is carrying out goes unanswered (it is answered
   * when it commits). An unsettled configuration is refused "a change is in progress"; in
   * single-server mode a change of more than one voter, and (but for R8) one before an entry of the
   * leader's term has committed, are refused. Each of these sends only that answer and changes no
   * log or pending request. Any other request appends, at the leader's next index and in its term,
   * C_old,new (joint mode) or the requested configuration (single-server mode), and the leader
   * holds it as the request it carries out.
   */
  static String request(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof ConfigRequest c)) {
      return null;
    }
    NodeId from = step.from();
    if (before.role != RaftRole.LEADER) {
      return refused(step, before, after, reply(c, false, "not the leader", before.leaderId));
    }
    Membership current = RaftLeaderDuties.configInForce(before);
    boolean settled =
        current.joint() == null && RaftLeaderDuties.lastConfigAt(before.log) <= before.commitIndex;
    if (settled && current.voters().equals(c.members())) {
      return refused(step, before, after, reply(c, true, "in force", before.self));
    }
    RaftState.PendingConfig carried = before.pendingConfig;
    if (carried != null && carried.admin().equals(from) && carried.seq() == c.seq()) {
      return refused(step, before, after, null);
    }
    if (!settled) {
      return refused(step, before, after, reply(c, false, "a change is in progress", before.self));
    }
    boolean single = before.config.membership() == RaftConfig.MembershipMode.SINGLE;
    if (single && changedVoters(current.voters(), c.members()) != 1) {
      return refused(
          step, before, after, reply(c, false, RaftNode.ONE_SERVER_PER_CHANGE, before.self));
    }
    if (single
        && before.config.bug() != RaftBug.R8
        && before.log.termAt(before.commitIndex) != before.term) {
      return refused(
          step, before, after, reply(c, false, "no entry of my term committed", before.self));
    }
    return appended(step, before, after, current, c, single);
  }

  private static ConfigReply reply(ConfigRequest c, boolean ok, String reason, NodeId hint) {
    return new ConfigReply(c.seq(), ok, reason, hint);
  }

  /** How many voters are in one of {@code a} and {@code b} but not the other. */
  private static int changedVoters(SortedSet<NodeId> a, SortedSet<NodeId> b) {
    int changed = 0;
    for (NodeId id : a) {
      changed += b.contains(id) ? 0 : 1;
    }
    for (NodeId id : b) {
      changed += a.contains(id) ? 0 : 1;
    }
    return changed;
  }

  /** The request is answered with {@code expected} only (null: not at all) and changes nothing. */
  private static String refused(Step step, RaftState before, RaftState after, Message expected) {
    if (expected == null) {
      if (!step.sent().isEmpty()) {
        return "sent "
            + step.sent()
            + " on "
            + step.message()
            + " from "
            + step.from()
            + ", the request it carries out (answered when it commits)";
      }
    } else {
      String reply = RaftStepRules.onlyReply(step, expected);
      if (reply != null) {
        return reply;
      }
    }
    if (after != null
        && (after.log.lastIndex() != before.log.lastIndex()
            || !java.util.Objects.equals(after.pendingConfig, before.pendingConfig)
            || after.term != before.term
            || after.role != before.role)) {
      return "changed its log, pending request, term or role on " + step.message();
    }
    return null;
  }

  /** The leader starts the change: the documented entry, held as the request it carries out. */
  private static String appended(
      Step step,
      RaftState before,
      RaftState after,
      Membership current,
      ConfigRequest c,
      boolean single) {
    if (after == null) {
      return null; // crashed as the step ended
    }
    long at = before.log.lastIndex() + 1;
    if (after.log.lastIndex() < at) {
      return "appended nothing for " + c + " from " + step.from() + " with " + current + " settled";
    }
    if (after.log.has(at)) {
      RaftEntry e = after.log.entryAt(at);
      boolean right =
          e.term() == before.term
              && e.command() instanceof RaftCommand.ConfigCommand cc
              && cc.membership().voters().equals(single ? c.members() : current.voters())
              && java.util.Objects.equals(cc.membership().joint(), single ? null : c.members());
      if (!right) {
        return "appended "
            + e
            + " at index "
            + at
            + " for "
            + c
            + " with "
            + current
            + " settled, not "
            + (single ? c.members() : current.voters() + "->" + c.members())
            + " of term "
            + before.term;
      }
    }
    RaftState.PendingConfig held = after.pendingConfig;
    if (after.role == RaftRole.LEADER
        && held != null
        && !(held.admin().equals(step.from())
            && held.seq() == c.seq()
            && held.target().voters().equals(c.members())
            && held.target().joint() == null)) {
      return "holds " + held + " after starting " + c + " from " + step.from();
    }
    return null; // a request no longer held was answered at once: answered() judges that
  }

  /**
   * A leader lets go of the request it carries out only by answering it: a step after which it no
   * longer holds it, while it leads the same term or the request's target is the committed
   * configuration in force, sends the admin {@code ConfigReply(seq, true, "committed", itself)}.
   * And it answers "committed" only when the target is the committed configuration in force.
   */
  static String answered(Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null) {
      return null;
    }
    String claimed = claimedCommitted(step, after);
    if (claimed != null) {
      return claimed;
    }
    RaftState.PendingConfig p = before.pendingConfig;
    if (p == null || p.equals(after.pendingConfig) || after.term != before.term) {
      return null;
    }
    if (!(after.role == RaftRole.LEADER || targetCommitted(after, p.target().voters()))) {
      return null; // stepped down: the request is dropped with the leadership
    }
    ConfigReply expected = new ConfigReply(p.seq(), true, "committed", before.self);
    for (Step.Sent s : step.sent()) {
      if (s.to().equals(p.admin()) && s.message().equals(expected)) {
        return null;
      }
    }
    return "let go of "
        + p.admin()
        + "'s request for "
        + p.target()
        + " without sending "
        + expected
        + " (sent "
        + step.sent()
        + ")";
  }

  /** A "committed" answer sent only for a target that is the committed configuration in force. */
  private static String claimedCommitted(Step step, RaftState after) {
    for (Step.Sent s : step.sent()) {
      if (s.message() instanceof ConfigReply r
          && r.ok()
          && "committed".equals(r.reason())
          && after.role == RaftRole.LEADER
          && !targetCommitted(after, RaftLeaderDuties.configInForce(after).voters())) {
        return "answered " + r + " to " + s.to() + " before its configuration committed";
      }
    }
    return null;
  }

  /** Whether {@code voters} is the settled configuration in force, its entry committed. */
  private static boolean targetCommitted(RaftState s, ImmutableSortedSet<NodeId> voters) {
    Membership m = RaftLeaderDuties.configInForce(s);
    return m.joint() == null
        && m.voters().equals(voters)
        && RaftLeaderDuties.lastConfigAt(s.log) <= s.commitIndex;
  }

  /**
   * A leader replicates each configuration entry it appends at once (section 6: the new
   * configuration takes effect as soon as it is in the log, and only its replication lets it
   * commit): a step in which a leader's log gains a configuration entry sends every other member of
   * the configuration in force after it (both halves while joint) an AppendEntries or, below its
   * snapshot, an InstallSnapshot.
   */
  static String replicated(Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null || after.role != RaftRole.LEADER || after.term != before.term) {
      return null;
    }
    long at = RaftLeaderDuties.lastConfigAt(after.log);
    if (at <= before.log.lastIndex()) {
      return null; // no configuration entry appended in this step
    }
    Membership m = RaftLeaderDuties.configInForce(after, at);
    TreeSet<NodeId> members = new TreeSet<>(m.voters());
    if (m.joint() != null) {
      members.addAll(m.joint());
    }
    for (NodeId peer : members) {
      if (peer.equals(after.self)) {
        continue;
      }
      boolean sent = false;
      for (Message msg : RaftStepRules.sentTo(step, peer)) {
        sent |= msg instanceof AppendEntries || msg instanceof InstallSnapshot;
      }
      if (!sent) {
        return "appended the configuration "
            + m
            + " at index "
            + at
            + " and sent "
            + peer
            + " nothing (sent "
            + step.sent()
            + ")";
      }
    }
    return null;
  }
}
