package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.Delegating;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The leader's duties ({@code checkLeaderDuties}): correct Raft keeps them on fuzz plans (with and
 * without membership plans, joint and single-server), and planted servers and bug variants that
 * neglect one are caught at the event that neglects it.
 */
class RaftLeaderDutiesTest {
  private static final String OPTION = "checkLeaderDuties";

  @Test
  void theOptionTurnsOnTheDuties() {
    List<Invariant> duties = RaftImplementationInvariants.after(List.of(), Map.of(OPTION, "true"));
    assertEquals(
        List.of("LeaderCommitsPromptly", "CommittedConfigActedOn", "ConfigSteps"),
        duties.stream().map(Invariant::name).toList());
    assertTrue(RaftImplementationInvariants.after(List.of(), Map.of()).isEmpty(), "off by default");
  }

  @Test
  void correctRaftKeepsTheDuties() {
    for (long seed = 1; seed <= 6; seed++) {
      for (boolean membership : List.of(false, true)) {
        RaftFuzzPlan plan = RaftFuzzPlan.draw(seed, membership).withOption(OPTION, "true");
        RaftRuns.Run r = plan.run(seed, null, false);
        assertNull(r.violatedProperty(), "seed " + seed + ": " + r.outcome().violation());
      }
    }
  }

  /**
   * Opt-in, {@code -Dfl.duties.seeds=N}: the protocol-level fuzz plan's seeds 1..N, with and
   * without a membership plan (joint or single-server, five servers), with the option on.
   */
  @Test
  @EnabledIfSystemProperty(named = "fl.duties.seeds", matches = "\\d+")
  void correctRaftKeepsTheDutiesOnManyPlans() {
    long seeds = Long.getLong("fl.duties.seeds");
    List<String> failed = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      for (boolean membership : List.of(false, true)) {
        RaftFuzzPlan plan = RaftFuzzPlan.draw(seed, membership).withOption(OPTION, "true");
        RaftRuns.Run r = plan.run(seed, null, false);
        if (r.violatedProperty() != null) {
          failed.add(
              "seed " + seed + (membership ? " (membership)" : "") + ": " + r.violatedProperty());
        }
      }
    }
    assertEquals(List.of(), failed);
  }

  // ------------------------------------------------------------------ LeaderCommitsPromptly

  /** A leader that takes a reply's matchIndex but commits only at a later reply. */
  @Test
  void aLeaderThatCommitsLateIsCaught() {
    RaftFuzzPlan plan = RaftFuzzPlan.draw(1, false).withOption(OPTION, "true");
    assertNull(plan.run(1, null, false).violatedProperty(), "correct Raft on the same plan");
    int[] reached = {0};
    ClusterRun.Result r =
        ClusterRun.run(planted(plan.plan(1, null), n -> new LateCommit(n, reached)));
    assertTrue(reached[0] > 0, "the planted leader skipped a commit");
    assertEquals("LeaderCommitsPromptly", r.property(), r.message());
    assertTrue(r.message().contains("of its term"), r.message());
  }

  /**
   * R2 (a leader commits an entry of an earlier term by counting replicas) raises a commit index to
   * an earlier term's entry long before Figure 8's interleaving makes it lose a committed entry:
   * whenever a new leader's followers lag and take its log a few entries at a time.
   */
  @Test
  void anEarlierTermCommittedByCountingIsCaughtAtOnce() {
    List<Long> caught = new ArrayList<>();
    for (long seed = 1; seed <= 30; seed++) {
      RaftRuns.Run r =
          RaftFuzzPlan.draw(seed, false).withOption(OPTION, "true").run(seed, "R2", false);
      if ("LeaderCommitsPromptly".equals(r.violatedProperty())) {
        assertTrue(
            r.outcome().violation().message().contains("not of its own term"),
            r.outcome().violation().message());
        caught.add(seed);
      }
    }
    // 29 of seeds 1-200 (measured 2026-12-07).
    assertEquals(List.of(17L, 24L, 28L, 30L), caught, "R2 caught on seeds of 1-30");
    for (long seed : caught) {
      RaftRuns.Run r = RaftFuzzPlan.draw(seed, false).run(seed, "R2", false);
      assertNull(r.violatedProperty(), "seed " + seed + " without the rule: R2 goes unseen");
    }
  }

  // ------------------------------------------------------------------ CommittedConfigActedOn

  /**
   * Joint mode, s1..s5: first {s1, s2}, then {s3, s4, s5}; whoever leads the second change is
   * removed by it. A planted leader that stays leader after stepping down is caught.
   */
  @Test
  void aRemovedLeaderThatLeadsOnIsCaught() {
    RunPlan plan = membershipPlan("joint", "s1,s2,s3,s4,s5", "600:s1,s2;1500:s3,s4,s5");
    assertNull(ClusterRun.run(plan).property(), "correct Raft on the same plan");
    int[] reached = {0};
    ClusterRun.Result r = ClusterRun.run(planted(plan, n -> new NeverStepsDown(n, reached)));
    assertTrue(reached[0] > 0, "a removed leader was kept leading");
    assertEquals("CommittedConfigActedOn", r.property(), r.message());
    assertTrue(r.message().contains("that removed it is committed"), r.message());
  }

  /** A leader that commits C_old,new and never appends C_new is caught. */
  @Test
  void aLeaderThatStaysInJointConsensusIsCaught() {
    RunPlan plan = membershipPlan("joint", "s1,s2,s3", "600:s1,s2,s3,s4,s5");
    assertNull(ClusterRun.run(plan).property(), "correct Raft on the same plan");
    int[] reached = {0};
    ClusterRun.Result r = ClusterRun.run(planted(plan, n -> new NoNewHalf(n, reached)));
    assertTrue(reached[0] > 0, "C_new was withheld");
    assertEquals("CommittedConfigActedOn", r.property(), r.message());
    assertTrue(r.message().contains("has not appended the new one"), r.message());
  }

  /** A leader that commits the configuration an admin asked for and never answers it. */
  @Test
  void aLeaderThatNeverAnswersTheAdminIsCaught() {
    RunPlan plan = membershipPlan("joint", "s1,s2,s3", "600:s1,s2,s3,s4,s5");
    int[] reached = {0};
    ClusterRun.Result r = ClusterRun.run(planted(plan, n -> new KeepsTheRequest(n, reached)));
    assertTrue(reached[0] > 0, "an answered request was put back");
    assertEquals("CommittedConfigActedOn", r.property(), r.message());
    assertTrue(r.message().contains("still holds the request unanswered"), r.message());
  }

  // ------------------------------------------------------------------ ConfigSteps

  /** Single-server mode whose leaders carry a change out as joint consensus is caught. */
  @Test
  void aSingleServerChangeDoneTheJointWayIsCaught() {
    RunPlan plan = membershipPlan("single", "s1,s2,s3", "600:s1,s2,s3,s4");
    assertNull(ClusterRun.run(plan).property(), "correct Raft on the same plan");
    ClusterRun.Result r = ClusterRun.run(planted(plan, JointChanges::new));
    assertEquals("ConfigSteps", r.property(), r.message());
    assertTrue(r.message().contains("appends no joint configuration"), r.message());
  }

  /**
   * R8 on its library schedule (4 voters, single-server changes): s2 leads term 2 and appends a
   * change before its term's no-op commits. The rule sees it at that append; Leader Completeness
   * fails only later, after s3 returns. Correct Raft refuses the change and passes.
   */
  @Test
  void aSingleServerChangeBeforeTheLeadersFirstCommitIsCaught() {
    RaftRuns.Run correct = r8Schedule(null);
    assertEquals(null, correct.violatedProperty(), String.valueOf(correct.outcome().violation()));
    RaftRuns.Run r8 = r8Schedule("R8");
    assertEquals("ConfigSteps", r8.violatedProperty(), String.valueOf(r8.outcome().violation()));
    assertTrue(
        r8.outcome().violation().message().contains("no entry of its term had committed"),
        r8.outcome().violation().message());
  }

  private static RaftRuns.Run r8Schedule(String variant) {
    NodeId s1 = NodeId.of("s1");
    NodeId s2 = NodeId.of("s2");
    NodeId s3 = NodeId.of("s3");
    NodeId s4 = NodeId.of("s4");
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(490, new Fault.BlockLink(s3, s1))
            .at(490, new Fault.BlockLink(s3, s2))
            .at(490, new Fault.BlockLink(s3, s4))
            .at(530, new Fault.Isolate(NodeId.of("a1")))
            .at(600, new Fault.Crash(s3))
            .at(697, new Fault.BlockLink(s2, s4))
            .at(800, new Fault.UnblockLink(s3, s4))
            .at(800, new Fault.BlockLink(s1, s3))
            .at(800, new Fault.BlockLink(s2, s3))
            .at(800, new Fault.Restart(s3, false))
            .build();
    SortedMap<String, String> options =
        RaftRuns.options(
            "membership",
            "single",
            "initialMembers",
            "s1,s2,s3,s4",
            "reconfig",
            "500:s1,s2,s3,s4,s5;700:s1,s2,s4",
            OPTION,
            "true");
    List<List<ClientOp>> put = List.of(List.of(new ClientOp("put", "x", "c1-1", 3500)));
    return RaftRuns.run(
        1, 5, variant, put, options, NetworkConfig.RELIABLE, faults, 3000, 3000, false);
  }

  // ------------------------------------------------------------------ plans and planted servers

  /** Five servers on a reliable network, no faults, one client, the option on. */
  private static RunPlan membershipPlan(String mode, String initial, String reconfig) {
    List<ClientOp> ops = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ops.add(new ClientOp("put", "k", "c1-" + i, 200L * i));
    }
    return RaftRuns.plan(
        3,
        5,
        null,
        List.of(ops),
        RaftRuns.options(
            "membership", mode, "initialMembers", initial, "reconfig", reconfig, OPTION, "true"),
        NetworkConfig.RELIABLE,
        FaultSchedule.builder().build(),
        3000,
        3000);
  }

  private static RunPlan planted(
      RunPlan plan, Function<RaftNode, Delegating<RaftState, RaftMessage, RaftTimer>> plant) {
    return new PlantedSpec(
            new RaftSpec(),
            "raft with a leader that neglects a duty",
            (nodes, servers) ->
                nodes.replaceAll((id, n) -> n instanceof RaftNode r ? plant.apply(r) : n))
        .on(plan);
  }

  /**
   * A leader that records a successful reply's matchIndex but does not commit at that reply (as if
   * {@code onAppendReply} did not call {@code advanceCommit}): a later reply that raises a
   * matchIndex, or a later append, commits.
   */
  private record LateCommit(RaftNode correct, int[] reached)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (m instanceof RaftMessage.AppendReply r
          && s.role == RaftRole.LEADER
          && r.term() == s.term
          && r.success()
          && r.matchIndex() > s.matchIndex.getOrDefault(from, 0L)) {
        s.beginEvent();
        reached[0]++;
        s.activeSinceCheck.add(from);
        s.matchIndex.put(from, r.matchIndex());
        s.nextIndex.put(from, Math.max(s.nextIndex.getOrDefault(from, 0L), r.matchIndex() + 1));
        return;
      }
      correct.onMessage(s, from, m, out);
    }
  }

  /** A leader that the committed configuration removed, kept leading (its step-down undone). */
  private record NeverStepsDown(RaftNode correct, int[] reached)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      long term = s.term;
      boolean leader = s.role == RaftRole.LEADER;
      correct.onMessage(s, from, m, out);
      keepLeading(s, leader, term);
    }

    @Override
    public void onTimer(RaftState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
      long term = s.term;
      boolean leader = s.role == RaftRole.LEADER;
      correct.onTimer(s, t, out);
      keepLeading(s, leader, term);
    }

    private void keepLeading(RaftState s, boolean wasLeader, long term) {
      if (wasLeader && s.role == RaftRole.FOLLOWER && s.term == term && !s.isVoterInForce()) {
        reached[0]++;
        s.role = RaftRole.LEADER;
        s.leaderId = s.self;
      }
    }
  }

  /** A leader that, having committed C_old,new, takes back the C_new it appended. */
  private record NoNewHalf(RaftNode correct, int[] reached)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      long last = s.log.lastIndex();
      correct.onMessage(s, from, m, out);
      for (long i = Math.max(last, s.log.baseIndex()) + 1; i <= s.log.lastIndex(); i++) {
        if (s.role == RaftRole.LEADER
            && s.log.entryAt(i).command() instanceof RaftCommand.ConfigCommand c
            && !c.membership().isJoint()
            && i > s.commitIndex) {
          reached[0]++;
          s.log.truncateFrom(i);
          out.persist(new RaftDurable(s.term, s.votedFor, s.snapshot, s.log.persistedEntries()));
          return;
        }
      }
    }
  }

  /** A leader that, having answered the admin, keeps its request as if it had not. */
  private record KeepsTheRequest(RaftNode correct, int[] reached)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      RaftState.PendingConfig asked = s.pendingConfig;
      correct.onMessage(s, from, m, out);
      if (asked != null && s.pendingConfig == null && s.role == RaftRole.LEADER) {
        reached[0]++;
        s.pendingConfig = asked;
      }
    }
  }

  /** Single-server mode whose leaders take a change as joint consensus does. */
  private record JointChanges(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (m instanceof RaftMessage.ConfigRequest) {
        new RaftNode(jointMode(s.config)).onMessage(s, from, m, out);
        return;
      }
      correct.onMessage(s, from, m, out);
    }

    private static RaftConfig jointMode(RaftConfig c) {
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
          c.snapshotEvery(),
          RaftConfig.MembershipMode.JOINT,
          c.reconfig(),
          c.adminRetryTicks());
    }
  }
}
