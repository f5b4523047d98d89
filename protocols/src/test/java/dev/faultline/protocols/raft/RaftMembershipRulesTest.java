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
import dev.faultline.protocols.raft.RaftMessage.ConfigReply;
import dev.faultline.protocols.raft.RaftMessage.ConfigRequest;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The membership step rules (option {@code checkSteps}: {@link RaftMembershipRules}, {@link
 * RaftAdminRules}): correct Raft with membership plans keeps them, and a server that drops a
 * refusal, the "committed" answer or the replication of a new configuration, or an admin that
 * ignores a refusal's leader hint, breaks the rule that names it, although the same run without the
 * option passes every other check (the admin's retries repair each).
 */
class RaftMembershipRulesTest {
  private static final int SEEDS = 12;

  private static RaftFuzzPlan checked(long seed, boolean steps) {
    RaftFuzzPlan plan =
        RaftFuzzPlan.draw(seed, true)
            .withOption("checkRules", "true")
            .withOption("checkPersistence", "true")
            .withOption("checkLeaderDuties", "true");
    return steps ? plan.withOption("checkSteps", "true") : plan;
  }

  @Test
  void correctRaftWithMembershipPlansKeepsEveryStepRule() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      ClusterRun.Result r = ClusterRun.run(checked(seed, true).plan(seed, null));
      assertNull(r.property(), seed + ": " + r.message());
    }
  }

  @Test
  void aNotTheLeaderRefusalDroppedBreaksTheRequestRule() {
    caught(
        "ConfigRequestsFollowRules",
        m -> m instanceof ConfigRequest,
        (to, m) -> !(m instanceof ConfigReply r && "not the leader".equals(r.reason())),
        "not with ConfigReply");
  }

  @Test
  void aCommittedAnswerDroppedBreaksTheAnswerRule() {
    caught(
        "ConfigAnsweredWhenCommitted",
        m -> m instanceof AppendReply,
        (to, m) -> !(m instanceof ConfigReply r && r.ok()),
        "without sending ConfigReply");
  }

  @Test
  void aNewConfigurationNotSentAtOnceBreaksTheReplicationRule() {
    caught(
        "ConfigEntriesReplicated",
        m -> m instanceof ConfigRequest,
        (to, m) -> !(m instanceof AppendEntries),
        "and sent");
  }

  @Test
  void anAdminThatIgnoresALeaderHintBreaksTheAdminRule() {
    long first = -1;
    for (long seed = 1; seed <= SEEDS && first < 0; seed++) {
      ClusterRun.Result r = ClusterRun.run(hintIgnored(seed, true));
      if (r.property() != null) {
        assertEquals("AdminFollowsRetries", r.property(), seed + ": " + r.message());
        assertTrue(r.message().contains("the rules say"), r.message());
        first = seed;
      }
    }
    assertTrue(first > 0, "AdminFollowsRetries never failed on seeds 1-" + SEEDS);
    ClusterRun.Result without = ClusterRun.run(hintIgnored(first, false));
    assertNull(without.property(), first + " without checkSteps: " + without.message());
  }

  @Test
  void anAdminThatRetriesARefusingLeaderTooSoonBreaksTheAdminRule() {
    long first = -1;
    for (long seed = 1; seed <= 4 * SEEDS && first < 0; seed++) {
      ClusterRun.Result r = ClusterRun.run(hasty(seed, true));
      if (r.property() != null) {
        assertEquals("AdminFollowsRetries", r.property(), seed + ": " + r.message());
        assertTrue(r.message().contains("the schedule says"), r.message());
        first = seed;
      }
    }
    assertTrue(first > 0, "AdminFollowsRetries never failed on seeds 1-" + 4 * SEEDS);
    ClusterRun.Result without = ClusterRun.run(hasty(first, false));
    assertNull(without.property(), first + " without checkSteps: " + without.message());
  }

  /**
   * Some of the first {@link #SEEDS} seeds fail {@code rule} with servers that pass their sends
   * through {@code keep} in the steps {@code on} selects; none fails another property; and the
   * first failing seed passes without the option.
   */
  private static void caught(
      String rule,
      Predicate<RaftMessage> on,
      BiPredicate<NodeId, RaftMessage> keep,
      String detail) {
    PlantedStepRuns.caught(
        rule, detail, SEEDS, true, (seed, steps) -> planted(seed, steps, on, keep));
  }

  private static RunPlan planted(
      long seed, boolean steps, Predicate<RaftMessage> on, BiPredicate<NodeId, RaftMessage> keep) {
    RunPlan correct = checked(seed, steps).plan(seed, null);
    return new PlantedSpec(
            new RaftSpec(),
            "raft with a planted membership step",
            (nodes, servers) -> {
              RaftConfig config = RaftConfig.from(servers, null, correct.params().options());
              for (NodeId s : servers) {
                nodes.put(s, new Filtering(new RaftNode(config), on, keep));
              }
            })
        .on(correct);
  }

  /** The correct server, whose sends in the selected steps pass through {@code keep}. */
  private record Filtering(
      RaftNode correct, Predicate<RaftMessage> on, BiPredicate<NodeId, RaftMessage> keep)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      correct.onMessage(
          s, from, m, on.test(m) ? new FilteredEffects<>(out, keep, (k, v) -> true) : out);
    }
  }

  /** Correct servers; admins that take a refusal naming another server as no answer at all. */
  private static RunPlan hintIgnored(long seed, boolean steps) {
    RunPlan correct = checked(seed, steps).plan(seed, null);
    return new PlantedSpec(
            new RaftSpec(),
            "raft with admins that ignore leader hints",
            (nodes, servers) -> {
              for (var e : nodes.entrySet()) {
                if (e.getValue() instanceof RaftAdmin admin) {
                  e.setValue(new IgnoresHints(admin, servers));
                }
              }
            })
        .on(correct);
  }

  /** Correct servers; admins that ask a leader that refused them again after 10 ticks, not 50. */
  private static RunPlan hasty(long seed, boolean steps) {
    RunPlan correct = checked(seed, steps).plan(seed, null);
    return new PlantedSpec(
            new RaftSpec(),
            "raft with admins that back off too little",
            (nodes, servers) -> {
              for (var e : nodes.entrySet()) {
                if (e.getValue() instanceof RaftAdmin admin) {
                  e.setValue(new Hasty(admin));
                }
              }
            })
        .on(correct);
  }

  /** The planted admin: its busy backoff is the redirect backoff. */
  private record Hasty(RaftAdmin correct)
      implements Delegating<RaftAdminState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftAdminState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      correct.onMessage(s, from, m, new ShortBackoff(out));
    }
  }

  /** The admin's effects, with a 50-tick retry timer set to 10. */
  private record ShortBackoff(Effects<RaftMessage, RaftTimer> out)
      implements Effects<RaftMessage, RaftTimer> {
    @Override
    public void setTimer(RaftTimer timer, long ticksMin, long ticksMax) {
      boolean busy = timer instanceof RaftTimer.RequestRetry && ticksMin == 50;
      out.setTimer(timer, busy ? 10 : ticksMin, busy ? 10 : ticksMax);
    }

    @Override
    public NodeId self() {
      return out.self();
    }

    @Override
    public void send(NodeId to, RaftMessage message) {
      out.send(to, message);
    }

    @Override
    public void cancelTimer(RaftTimer timer) {
      out.cancelTimer(timer);
    }

    @Override
    public void persist(Durable durable) {
      out.persist(durable);
    }

    @Override
    public ClockReading clock() {
      return out.clock();
    }

    @Override
    public void record(HistoryEvent event) {
      out.record(event);
    }

    @Override
    public void annotate(String key, String value) {
      out.annotate(key, value);
    }
  }

  /** The planted admin: waits for its retry timer instead of following a hint to another server. */
  private record IgnoresHints(RaftAdmin correct, java.util.List<NodeId> servers)
      implements Delegating<RaftAdminState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftAdminState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (m instanceof ConfigReply r
          && !r.ok()
          && r.leaderHint() != null
          && servers.indexOf(r.leaderHint()) != s.leader.guess()) {
        return; // the planted bug: the retry timer of the send moves on round-robin later
      }
      correct.onMessage(s, from, m, out);
    }
  }
}
