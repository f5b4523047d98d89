package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableList;
import dev.faultline.protocols.common.KvClient;
import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.protocols.raft.RaftMessage.PreVote;
import dev.faultline.protocols.raft.RaftMessage.PreVoteReply;
import dev.faultline.protocols.raft.RaftMessage.RequestVote;
import dev.faultline.protocols.raft.RaftMessage.VoteReply;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.world.World;
import java.util.List;

/**
 * Figure 2's receiver rules, and this project's for its extensions, judged at every step a server
 * takes (opt-in, by the {@code checkSteps} option): given what the server held before the step and
 * what it received, the step sends exactly the reply the rules demand and leaves the state they
 * demand (docs/protocols/raft.md#step-rules). A reply dropped in silence, a wrong conflict hint or
 * a nextIndex moved the wrong way is a breach at that step, although the run recovers at the next
 * heartbeat or retry and no end-to-end property ever sees it.
 *
 * <p>Each server's state before a step is the copy this judge took after its previous step (a copy
 * is copy-on-write: O(1), the server's next write copies what it shares). Steps are recorded only
 * in a simulated run ({@link SystemView#lastSteps}); under the explorer every rule holds.
 */
final class RaftStepRules {
  private RaftStepRules() {}

  /**
   * One rule: null if the step keeps it, else what broke. {@code after} is null if the server
   * crashed as the step ended; {@code nowTicks} is the server's clock as its handler read it (the
   * midpoint of its reading, as the server computes it), or {@link Long#MIN_VALUE} where unknown.
   */
  interface Rule {
    String judge(Step step, RaftState before, RaftState after, long nowTicks);
  }

  static List<Invariant> all() {
    Memory memory =
        new Memory(
            RaftStepRules::requestVote,
            RaftStepRules::preVote,
            RaftAppendRules::appendEntries,
            RaftAppendRules::installSnapshot,
            RaftLeaderRules::reply,
            RaftLeaderRules::heartbeat,
            RaftLeaderRules::reads,
            RaftClientRules::clientRequest,
            RaftClientRules::readsStart,
            RaftReadRules::answered,
            RaftApplyRules::applied,
            RaftApplyRules::snapshot,
            RaftApplyRules::oldNews,
            RaftMembershipRules::request,
            RaftMembershipRules::answered,
            RaftMembershipRules::replicated,
            RaftElectionRules::electionTimeout,
            RaftElectionRules::preVoteReply,
            RaftElectionRules::voteReply,
            RaftLeadershipRules::newLeader,
            RaftElectionRules::checkQuorum,
            RaftLeadershipRules::termAndRole,
            RaftReplicationRules::newMemberStartsPastLog,
            RaftReplicationRules::appliedRecordIsThisStep);
    return List.of(
        new Named("VoteFollowsRules", memory, 0),
        new Named("PreVoteFollowsRules", memory, 1),
        new Named("AppendFollowsRules", memory, 2),
        new Named("SnapshotFollowsRules", memory, 3),
        new Named("LeaderIndexesFollowReplies", memory, 4),
        new Named("HeartbeatReachesPeers", memory, 5),
        new Named("ReadsServedWhenConfirmed", memory, 6),
        new Named("ClientRequestFollowsRules", memory, 7),
        new Named("ReadsStartOnceCommitted", memory, 8),
        new Named("ReadsLeaveOnlyAnswered", memory, 9),
        new Named("AppliesWhatCommitted", memory, 10),
        new Named("SnapshotsAtThreshold", memory, 11),
        new Named("OldNewsSendsNothing", memory, 12),
        new Named("ConfigRequestsFollowRules", memory, 13),
        new Named("ConfigAnsweredWhenCommitted", memory, 14),
        new Named("ConfigEntriesReplicated", memory, 15),
        new RaftAdminRules.AdminFollowsRetries(),
        new Named("ElectionTimeoutFollowsRules", memory, 16),
        new Named("PreVoteReplyFollowsRules", memory, 17),
        new Named("VoteReplyFollowsRules", memory, 18),
        new Named("NewLeaderFollowsRules", memory, 19),
        new Named("CheckQuorumFollowsRules", memory, 20),
        new Named("TermChangesFollowRules", memory, 21),
        new RaftElectionTimerRules(),
        new Named("NewMemberStartsPastLog", memory, 22),
        new Named("AppliedRecordIsThisStep", memory, 23),
        new RaftConfigLabelRules());
  }

  /** One named rule of the shared memory: the world reports each by its own name. */
  private record Named(String name, Memory memory, int id) implements Invariant {
    @Override
    public String check(SystemView view) {
      return memory.verdict(view, id);
    }

    @Override
    public boolean judgesSteps() {
      return true;
    }
  }

  /**
   * What every rule shares: each server's state before its next step, and the verdicts on the last
   * event's steps, computed once per event by whichever rule is asked first.
   */
  private static final class Memory {
    private final String[] verdicts;
    private final Rule[] rules;
    private SystemView view;
    private List<NodeId> nodes;
    private RaftState[] before = new RaftState[0];
    private long judgedAt = Long.MIN_VALUE;

    Memory(Rule... rules) {
      this.rules = rules;
      verdicts = new String[rules.length];
    }

    String verdict(SystemView view, int id) {
      List<Step> steps = view.lastSteps();
      if (steps == null) {
        return null; // steps are not recorded here (the explorer): nothing to judge
      }
      long now = view.changeCount();
      if (now != judgedAt || view != this.view) {
        judgeAll(view, steps);
        judgedAt = now;
      }
      return verdicts[id];
    }

    private void judgeAll(SystemView view, List<Step> steps) {
      if (view != this.view || view.nodes() != nodes) {
        this.view = view;
        nodes = view.nodes();
        before = new RaftState[nodes.size()];
      }
      java.util.Arrays.fill(verdicts, null);
      for (Step step : steps) {
        NodeState<?> state = view.stateAt(step.position());
        RaftState after = state instanceof RaftState r ? r : null;
        RaftState was = before[step.position()];
        if (was != null && step.kind() != Step.Kind.BOOT) {
          long now = nowTicks(view, step);
          for (int i = 0; i < rules.length; i++) {
            if (verdicts[i] == null) {
              String broke = rules[i].judge(step, was, after, now);
              verdicts[i] = broke == null ? null : step.node() + " " + broke;
            }
          }
        }
        before[step.position()] = after == null ? null : after.copy();
      }
    }
  }

  /**
   * The server's clock midpoint now, which is what its handler read: the check runs right after the
   * event, at the same tick, and nothing between moves a clock. Only a simulated run has it.
   */
  private static long nowTicks(SystemView view, Step step) {
    if (!(view instanceof World world)) {
      return Long.MIN_VALUE;
    }
    return KvClient.nowTicks(world.clockOf(step.node()));
  }

  // ------------------------------------------------------------------ shared helpers

  /**
   * Whether the server, as it was before the step, may ignore a disruptive request: it leads, or
   * heard its leader within the minimum election timeout (section 6). Where the clock is unknown,
   * any known leader may have been heard.
   */
  static boolean leaderRecentlyHeard(RaftState before, long nowTicks) {
    if (before.role == RaftRole.LEADER) {
      return true;
    }
    if (before.leaderId == null) {
      return false;
    }
    return nowTicks == Long.MIN_VALUE
        || nowTicks - before.lastLeaderContactTicks < before.config.electionTimeoutTicksMin();
  }

  /** Null if the step sent exactly {@code expected} to its sender and nothing else. */
  static String onlyReply(Step step, Message expected) {
    List<Step.Sent> sent = step.sent();
    if (sent.size() == 1
        && sent.get(0).to().equals(step.from())
        && sent.get(0).message().equals(expected)) {
      return null;
    }
    return "answered "
        + step.message()
        + " from "
        + step.from()
        + " with "
        + sent
        + ", not with "
        + expected;
  }

  /** Section 5.4.1, on the log as it was before the step. */
  static boolean upToDate(RaftLog log, long lastLogTerm, long lastLogIndex) {
    if (lastLogTerm != log.lastTerm()) {
      return lastLogTerm > log.lastTerm();
    }
    return lastLogIndex >= log.lastIndex();
  }

  /** Null if {@code after} (when up) holds {@code term}, else what it holds. */
  static String termAfter(RaftState after, long term, Step step) {
    if (after == null || after.term == term) {
      return null;
    }
    return "is in term " + after.term + " after " + step.message() + ", not in term " + term;
  }

  // ------------------------------------------------------------------ elections

  /**
   * RequestVote receiver (Figure 2, with section 6's disruption guard): a request of a higher term
   * at a leader, or at a server that heard its leader within the minimum election timeout by its
   * clock, is ignored (no reply, its term not adopted); every other one gets one VoteReply in the
   * receiver's term after adopting the request's, granted exactly when the terms are equal, the
   * receiver has not voted for another in it, and the candidate's log is at least as up-to-date;
   * and a granted vote is recorded.
   */
  private static String requestVote(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof RequestVote v)) {
      return null;
    }
    boolean exact = nowTicks != Long.MIN_VALUE;
    if (v.term() > before.term
        && leaderRecentlyHeard(before, nowTicks)
        && (exact || step.sent().isEmpty())) {
      if (!step.sent().isEmpty()) {
        return "answered " + v + " with " + step.sent() + " while its leader is live";
      }
      return termAfter(after, before.term, step); // a live leader: ignored, its term not adopted
    }
    long term = Math.max(before.term, v.term());
    NodeId vote = v.term() > before.term ? null : before.votedFor;
    boolean granted =
        v.term() == term
            && (vote == null || vote.equals(step.from()))
            && upToDate(before.log, v.lastLogTerm(), v.lastLogIndex());
    String reply = onlyReply(step, new VoteReply(term, granted));
    if (reply != null) {
      return reply;
    }
    if (granted && after != null && !step.from().equals(after.votedFor)) {
      return "granted its vote to " + step.from() + " but holds votedFor " + after.votedFor;
    }
    return termAfter(after, term, step);
  }

  /**
   * PreVote receiver (thesis 9.6): one PreVoteReply echoing the proposed term with the receiver's
   * term, granted only if the proposed term is above the receiver's, the candidate's log is at
   * least as up-to-date and the receiver neither leads nor heard its leader within the minimum
   * election timeout by its clock; granted exactly then. A pre-vote changes no state.
   */
  private static String preVote(Step step, RaftState before, RaftState after, long nowTicks) {
    if (!(step.message() instanceof PreVote p)) {
      return null;
    }
    boolean eligible =
        p.term() > before.term && upToDate(before.log, p.lastLogTerm(), p.lastLogIndex());
    boolean leaderLive = leaderRecentlyHeard(before, nowTicks);
    boolean exact = nowTicks != Long.MIN_VALUE;
    List<Step.Sent> sent = step.sent();
    boolean granted =
        sent.size() == 1 && sent.get(0).message() instanceof PreVoteReply r && r.granted();
    boolean expected =
        exact || !granted ? eligible && !leaderLive : eligible && before.role != RaftRole.LEADER;
    String reply = onlyReply(step, new PreVoteReply(p.term(), before.term, expected));
    if (reply != null) {
      return reply;
    }
    if (after != null
        && (after.term != before.term
            || after.votedFor != before.votedFor
            || after.role != before.role
            || after.log.lastIndex() != before.log.lastIndex())) {
      return "changed its term, vote, role or log on " + p;
    }
    return null;
  }

  /** The messages a leader's step sent to {@code peer}, as a list (most steps send one). */
  static List<Message> sentTo(Step step, NodeId peer) {
    ImmutableList.Builder<Message> b = ImmutableList.builder();
    for (Step.Sent s : step.sent()) {
      if (s.to().equals(peer)) {
        b.add(s.message());
      }
    }
    return b.build();
  }

  /** What the leader's AppendEntries or InstallSnapshot to a peer at {@code next} must be. */
  static Message expectedAppend(RaftState leader, long next) {
    if (next <= leader.log.baseIndex()) {
      return new InstallSnapshot(leader.term, leader.snapshot, leader.round);
    }
    long prev = next - 1;
    return new AppendEntries(
        leader.term,
        prev,
        leader.log.termAt(prev),
        leader.log.slice(next, next + leader.config.maxEntriesPerAppend() - 1),
        leader.commitIndex,
        leader.round);
  }
}
