package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.Delegating;
import dev.faultline.protocols.common.FilteredEffects;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.protocols.raft.RaftMessage.PreVote;
import dev.faultline.protocols.raft.RaftMessage.PreVoteReply;
import dev.faultline.protocols.raft.RaftMessage.RequestVote;
import dev.faultline.protocols.raft.RaftMessage.SnapshotReply;
import dev.faultline.protocols.raft.RaftMessage.VoteReply;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The step rules (option {@code checkSteps}, {@link RaftStepRules}): correct Raft keeps them, and
 * servers planted with a "delay only" bug (a reply dropped in silence, a wrong conflict hint, no
 * retry after a refusal, a heartbeat that skips a peer) break the rule that names it, although the
 * same runs without the option pass every other check.
 */
class RaftStepRulesTest {
  private static final int SEEDS = 12;

  private static RaftFuzzPlan checked(long seed, boolean steps) {
    RaftFuzzPlan plan =
        RaftFuzzPlan.draw(seed, false)
            .withOption("snapshotEvery", "4")
            .withOption("checkRules", "true")
            .withOption("checkPersistence", "true");
    return steps ? plan.withOption("checkSteps", "true") : plan;
  }

  @Test
  void correctRaftKeepsEveryStepRule() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      ClusterRun.Result r = ClusterRun.run(checked(seed, true).plan(seed, null));
      assertNull(r.property(), seed + ": " + r.message());
    }
    ClusterRun.Result joint =
        ClusterRun.run(
            RaftFuzzPlan.draw(100_003, true).withOption("checkSteps", "true").plan(100_003, null));
    assertNull(joint.property(), joint.message());
  }

  @Test
  void aVoteRefusedInSilenceBreaksTheVoteRule() {
    caught(
        "VoteFollowsRules",
        (s, m) -> !(m instanceof VoteReply r && !r.granted()),
        m -> m instanceof RequestVote,
        "not with VoteReply");
  }

  @Test
  void aPreVoteRefusedInSilenceBreaksThePreVoteRule() {
    caught(
        "PreVoteFollowsRules",
        (s, m) -> !(m instanceof PreVoteReply r && !r.granted()),
        m -> m instanceof PreVote,
        "not with PreVoteReply");
  }

  @Test
  void aWrongConflictHintBreaksTheAppendRule() {
    // The hint one lower than the rule's: the leader only resends one entry more.
    caught(
        "AppendFollowsRules",
        m -> m instanceof AppendEntries,
        "not with AppendReply",
        (to, m, out) -> {
          if (m instanceof AppendReply r && !r.success() && r.conflictIndex() > 1) {
            out.send(
                to,
                new AppendReply(
                    r.term(), false, r.prevLogIndex(), 0, r.conflictIndex() - 1, r.round()));
            return false;
          }
          return true;
        });
  }

  @Test
  void aLostSnapshotReplyBreaksTheSnapshotRule() {
    caught(
        "SnapshotFollowsRules",
        (s, m) -> !(m instanceof SnapshotReply),
        m -> m instanceof InstallSnapshot,
        "not with SnapshotReply");
  }

  @Test
  void aLeaderThatWaitsForTheHeartbeatAfterARefusalBreaksTheIndexRule() {
    caught(
        "LeaderIndexesFollowReplies",
        (s, m) -> !(m instanceof AppendEntries || m instanceof InstallSnapshot),
        m -> m instanceof AppendReply r && !r.success(),
        "after AppendReply");
  }

  @Test
  void aHeartbeatThatSkipsAPeerBreaksTheHeartbeatRule() {
    caught(
        "HeartbeatReachesPeers",
        (to, m) -> !to.equals(NodeId.of("s3")),
        null,
        "on a heartbeat, not");
  }

  @Test
  void r5BreaksTheAppendRuleAtTheTruncation() {
    ClusterRun.Result r = ClusterRun.run(checked(1, true).plan(1, "R5"));
    assertEquals("AppendFollowsRules", r.property(), r.message());
    assertTrue(r.message().contains("ends its log at"), r.message());
  }

  @Test
  void aRequestVoteIgnoredLongAfterTheLeaderWasHeardBreaksTheVoteRule() {
    // Ignores every higher-term request while it knows a leader, however long ago it heard it.
    ClusterRun.Result r = firstFailure(seed -> plantedServer(seed, true, new IgnoresVotes()));
    assertEquals("VoteFollowsRules", r.property(), r.message());
    assertTrue(r.message().contains("not with VoteReply"), r.message());
  }

  @Test
  void aReadLeftWaitingAfterItsQuorumBreaksTheReadRule() {
    ClusterRun.Result r =
        firstFailure(seed -> plantedServer(seed, true, new ReadsWaitForTheNextAck()));
    assertEquals("ReadsServedWhenConfirmed", r.property(), r.message());
    assertTrue(r.message().contains("confirmed by a quorum and applied"), r.message());
  }

  /** The first failure among the first {@link #SEEDS} seeds' runs; fails if none fails. */
  private static ClusterRun.Result firstFailure(java.util.function.LongFunction<RunPlan> plan) {
    for (long seed = 1; seed <= SEEDS; seed++) {
      ClusterRun.Result r = ClusterRun.run(plan.apply(seed));
      if (r.property() != null) {
        return r;
      }
    }
    throw new AssertionError("no seed of 1-" + SEEDS + " failed");
  }

  private static RunPlan plantedServer(
      long seed,
      boolean steps,
      java.util.function.Function<RaftNode, Delegating<RaftState, RaftMessage, RaftTimer>> make) {
    RunPlan correct = checked(seed, steps).withOption("reads", "readIndex").plan(seed, null);
    return new PlantedSpec(
            new RaftSpec(),
            "raft with a planted step",
            (nodes, servers) -> {
              RaftConfig config = RaftConfig.from(servers, null, correct.params().options());
              for (NodeId s : servers) {
                nodes.put(s, make.apply(new RaftNode(config)));
              }
            })
        .on(correct);
  }

  /** Ignores a higher-term RequestVote whenever it knows a leader (no clock consulted). */
  private record IgnoresVotes(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer>,
          java.util.function.Function<RaftNode, Delegating<RaftState, RaftMessage, RaftTimer>> {
    IgnoresVotes() {
      this(null);
    }

    @Override
    public Delegating<RaftState, RaftMessage, RaftTimer> apply(RaftNode node) {
      return new IgnoresVotes(node);
    }

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (m instanceof RequestVote v && v.term() > s.term && s.leaderId != null) {
        s.beginEvent();
        return; // the planted bug: a leader known once counts as live for ever
      }
      correct.onMessage(s, from, m, out);
    }
  }

  /**
   * A leader that answers no read on an acknowledgement: the reads it would serve stay pending, and
   * their answers are not sent (the next acknowledgement, or client retry, gets them going).
   */
  private record ReadsWaitForTheNextAck(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer>,
          java.util.function.Function<RaftNode, Delegating<RaftState, RaftMessage, RaftTimer>> {
    ReadsWaitForTheNextAck() {
      this(null);
    }

    @Override
    public Delegating<RaftState, RaftMessage, RaftTimer> apply(RaftNode node) {
      return new ReadsWaitForTheNextAck(node);
    }

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (!(m instanceof AppendReply) || s.role != RaftRole.LEADER) {
        correct.onMessage(s, from, m, out);
        return;
      }
      java.util.List<RaftState.PendingRead> waiting = new java.util.ArrayList<>(s.pendingReads);
      correct.onMessage(
          s,
          from,
          m,
          new FilteredEffects<>(
              out,
              // Only the reads' answers: a write applied in the step is still answered.
              (to, sent) ->
                  !(sent instanceof RaftMessage.ClientReply r
                      && waiting.stream()
                          .anyMatch(w -> w.client().equals(to) && w.seq() == r.seq())),
              (k, v) -> true));
      if (s.role == RaftRole.LEADER && s.pendingReads.size() < waiting.size()) {
        s.pendingReads.clear();
        s.pendingReads.addAll(waiting);
      }
    }
  }

  /** Rewrites one send: false drops it (after sending a replacement through {@code out}). */
  private interface Rewrite {
    boolean keep(NodeId to, RaftMessage m, Effects<RaftMessage, RaftTimer> out);
  }

  private static void caught(
      String rule,
      BiPredicate<NodeId, RaftMessage> keep,
      Predicate<RaftMessage> on,
      String detail) {
    caught(rule, on, detail, (to, m, out) -> keep.test(to, m));
  }

  /**
   * Some of the first {@link #SEEDS} seeds fail {@code rule} with servers that filter their sends
   * through {@code rewrite} in the steps {@code on} selects (every timer step when {@code on} is
   * null: the heartbeat); none fails another property; and the first failing seed passes without
   * the option.
   */
  private static void caught(
      String rule, Predicate<RaftMessage> on, String detail, Rewrite rewrite) {
    PlantedStepRuns.caught(
        rule, detail, SEEDS, true, (seed, steps) -> planted(seed, steps, on, rewrite));
  }

  private static RunPlan planted(
      long seed, boolean steps, Predicate<RaftMessage> on, Rewrite rewrite) {
    RunPlan correct = checked(seed, steps).plan(seed, null);
    return new PlantedSpec(
            new RaftSpec(),
            "raft with a planted step",
            (nodes, servers) -> {
              RaftConfig config = RaftConfig.from(servers, null, correct.params().options());
              for (NodeId s : servers) {
                nodes.put(s, new Rewriting(new RaftNode(config), on, rewrite));
              }
            })
        .on(correct);
  }

  /** The correct server, whose sends in the selected steps pass through the rewrite. */
  private record Rewriting(RaftNode correct, Predicate<RaftMessage> on, Rewrite rewrite)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      correct.onMessage(s, from, m, on != null && on.test(m) ? rewritten(out) : out);
    }

    @Override
    public void onTimer(RaftState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
      boolean heartbeat = on == null && t instanceof RaftTimer.HeartbeatDue;
      correct.onTimer(s, t, heartbeat ? rewritten(out) : out);
    }

    private Effects<RaftMessage, RaftTimer> rewritten(Effects<RaftMessage, RaftTimer> out) {
      return new FilteredEffects<>(out, (to, m) -> rewrite.keep(to, m, out), (k, v) -> true);
    }
  }
}
