package dev.faultline.protocols.raft;

import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.Delegating;
import dev.faultline.protocols.common.FilteredEffects;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.ClientReply;
import dev.faultline.protocols.raft.RaftMessage.ClientRequest;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The client, read, apply and snapshot step rules (option {@code checkSteps}: {@link
 * RaftClientRules}, {@link RaftReadRules}, {@link RaftApplyRules}): servers planted with a bug that
 * only delays the run (a redirect or an answer dropped, a write or a read left for the heartbeat or
 * the client's retry, a snapshot taken late, a needless resend) break the rule that names it, and
 * the first failing seed passes every other check without the option.
 */
class RaftClientRulesTest {
  private static final int SEEDS = 12;

  @Test
  void aRedirectDroppedInSilenceBreaksTheClientRule() {
    caught(
        "ClientRequestFollowsRules",
        "not with ClientReply",
        "log",
        config ->
            new Dropping(
                new RaftNode(config),
                m -> m instanceof ClientRequest,
                (to, m) -> !(m instanceof ClientReply r && !r.ok())));
  }

  @Test
  void aWriteLeftForTheHeartbeatBreaksTheClientRule() {
    caught(
        "ClientRequestFollowsRules",
        "not the round",
        "log",
        config ->
            new Dropping(
                new RaftNode(config),
                m -> m instanceof ClientRequest,
                (to, m) -> !(m instanceof AppendEntries || m instanceof InstallSnapshot)));
  }

  @Test
  void aRetriedWriteAppendedAgainBreaksTheClientRule() {
    caught(
        "ClientRequestFollowsRules", "not with ClientReply", "log", ForgetsSessionsOnRequest::new);
  }

  @Test
  void aReadLeftUnstartedAfterTheCommitBreaksTheStartRule() {
    caught(
        "ReadsStartOnceCommitted", "holds the unstarted", "readIndex", LeavesReadsUnstarted::new);
  }

  @Test
  void aReadAnswerDroppedBreaksTheReadRule() {
    caught("ReadsLeaveOnlyAnswered", "without answering", "readIndex", DropsReadAnswers::new);
  }

  @Test
  void aLeaderThatDropsItsAnswerToAnAppliedWriteBreaksTheApplyRule() {
    caught(
        "AppliesWhatCommitted",
        "without sending",
        "log",
        config ->
            new Dropping(
                new RaftNode(config),
                m -> m instanceof AppendReply,
                (to, m) -> !(m instanceof ClientReply)));
  }

  @Test
  void aFollowerThatNeverSnapshotsBreaksTheSnapshotRule() {
    caught(
        "SnapshotsAtThreshold",
        "has applied up to",
        "log",
        config ->
            new SnapshotsOnlyAsLeader(new RaftNode(config), new RaftNode(neverSnapshots(config))));
  }

  @Test
  void aNeedlessResendBreaksTheOldNewsRule() {
    caught("OldNewsSendsNothing", "moved none of its indexes", "log", ResendsOnOldNews::new);
  }

  // ------------------------------------------------------------------ harness

  private static RunPlan plan(long seed, boolean steps, String reads) {
    RaftFuzzPlan plan =
        RaftFuzzPlan.draw(seed, false)
            .withOption("snapshotEvery", "4")
            .withOption("reads", reads)
            .withOption("checkRules", "true")
            .withOption("checkPersistence", "true");
    return (steps ? plan.withOption("checkSteps", "true") : plan).plan(seed, null);
  }

  private static RunPlan planted(
      long seed,
      boolean steps,
      String reads,
      Function<RaftConfig, Delegating<RaftState, RaftMessage, RaftTimer>> make) {
    RunPlan correct = plan(seed, steps, reads);
    return new PlantedSpec(
            new RaftSpec(),
            "raft with a planted step",
            (nodes, servers) -> {
              RaftConfig config = RaftConfig.from(servers, null, correct.params().options());
              for (NodeId s : servers) {
                nodes.put(s, make.apply(config));
              }
            })
        .on(correct);
  }

  /**
   * Some of the first {@link #SEEDS} seeds fail {@code rule}, every failing seed fails it with
   * {@code detail} in its message, and the first failing seed passes without the option.
   */
  private static void caught(
      String rule,
      String detail,
      String reads,
      Function<RaftConfig, Delegating<RaftState, RaftMessage, RaftTimer>> make) {
    PlantedStepRuns.caught(
        rule, detail, SEEDS, true, (seed, steps) -> planted(seed, steps, reads, make));
  }

  /** {@code config} with snapshots off. */
  private static RaftConfig neverSnapshots(RaftConfig c) {
    return new RaftConfig(
        c.servers(),
        c.initialMembership(),
        c.bug(),
        c.heartbeatTicks(),
        c.electionTimeoutTicksMin(),
        c.electionTimeoutTicksMax(),
        c.clientRetryTicks(),
        c.maxEntriesPerAppend(),
        c.preVote(),
        c.checkQuorum(),
        c.reads(),
        0,
        c.membership(),
        c.reconfig(),
        c.adminRetryTicks());
  }

  // ------------------------------------------------------------------ planted servers

  /** The correct server, whose sends in the steps {@code on} selects pass through {@code keep}. */
  private record Dropping(
      RaftNode correct, Predicate<RaftMessage> on, BiPredicate<NodeId, RaftMessage> keep)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      correct.onMessage(
          s, from, m, on.test(m) ? new FilteredEffects<>(out, keep, (k, v) -> true) : out);
    }
  }

  /**
   * A leader that does not look a request up in its session table: a retry of a write it already
   * applied is appended again (the table still keeps it from running twice, at apply time).
   */
  private record ForgetsSessionsOnRequest(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    ForgetsSessionsOnRequest(RaftConfig config) {
      this(new RaftNode(config));
    }

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (!(m instanceof ClientRequest)
          || s.role != RaftRole.LEADER
          || s.config.servers().size() < 2) {
        correct.onMessage(s, from, m, out);
        return;
      }
      // With peers, the request's step commits and applies nothing: the table is only read.
      dev.faultline.protocols.common.SessionTable table = s.sessions;
      s.sessions = new dev.faultline.protocols.common.SessionTable();
      correct.onMessage(s, from, m, out);
      s.sessions = table;
    }
  }

  /**
   * A leader that starts waiting reads only when another read arrives: a reply that commits (and so
   * starts them, sending their round) leaves them unstarted again, so they wait for the next read
   * or the client's retry.
   */
  private record LeavesReadsUnstarted(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    LeavesReadsUnstarted(RaftConfig config) {
      this(new RaftNode(config));
    }

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      boolean reply = m instanceof AppendReply || m instanceof RaftMessage.SnapshotReply;
      List<RaftState.PendingRead> unstarted = new ArrayList<>();
      for (RaftState.PendingRead r : s.pendingReads) {
        if (r.round() < 0) {
          unstarted.add(r);
        }
      }
      correct.onMessage(s, from, m, out);
      if (!reply || s.role != RaftRole.LEADER) {
        return;
      }
      for (int i = 0; i < s.pendingReads.size(); i++) {
        RaftState.PendingRead r = s.pendingReads.get(i);
        RaftState.PendingRead waiting =
            new RaftState.PendingRead(r.client(), r.seq(), r.key(), -1, -1);
        if (r.round() >= 0 && unstarted.contains(waiting)) {
          s.pendingReads.set(i, waiting);
        }
      }
    }
  }

  /**
   * A leader that takes answered reads off its list but loses the first answer to each (client,
   * seq): the client's retry is answered.
   */
  private record DropsReadAnswers(RaftNode correct, java.util.Set<String> dropped)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    DropsReadAnswers(RaftConfig config) {
      this(new RaftNode(config), new java.util.HashSet<>());
    }

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (!(m instanceof AppendReply) || s.role != RaftRole.LEADER) {
        correct.onMessage(s, from, m, out);
        return;
      }
      List<RaftState.PendingRead> waiting = new ArrayList<>(s.pendingReads);
      correct.onMessage(
          s,
          from,
          m,
          new FilteredEffects<>(
              out,
              (to, sent) ->
                  !(sent instanceof ClientReply r
                      && waiting.stream().anyMatch(w -> w.client().equals(to) && w.seq() == r.seq())
                      && dropped.add(to + "#" + r.seq())),
              (k, v) -> true));
    }
  }

  /**
   * A server that compacts its log only while it leads: as a follower it applies what the leader
   * commits without ever taking the snapshot its option asks for.
   */
  private record SnapshotsOnlyAsLeader(RaftNode correct, RaftNode lazy)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      (m instanceof AppendEntries ? lazy : correct).onMessage(s, from, m, out);
    }
  }

  /** A leader that resends to a peer whose reply told it nothing new. */
  private record ResendsOnOldNews(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    ResendsOnOldNews(RaftConfig config) {
      this(new RaftNode(config));
    }

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      boolean oldNews =
          m instanceof AppendReply r
              && r.success()
              && s.role == RaftRole.LEADER
              && r.term() == s.term
              && r.matchIndex() <= s.matchIndex.getOrDefault(from, 0L);
      correct.onMessage(s, from, m, out);
      if (oldNews && s.role == RaftRole.LEADER && s.nextIndex.getOrDefault(from, -1L) > 0) {
        out.send(
            from,
            (RaftMessage) RaftStepRules.expectedAppend(s, s.nextIndex.getOrDefault(from, -1L)));
      }
    }
  }
}
