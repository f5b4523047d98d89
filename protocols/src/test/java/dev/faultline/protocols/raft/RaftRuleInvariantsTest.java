package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.protocols.raft.RaftRuleInvariants.CheckQuorumStepsDown;
import dev.faultline.protocols.raft.RaftRuleInvariants.MatchIndexHeld;
import dev.faultline.protocols.raft.RaftRuleInvariants.OneConfigChangeAtATime;
import dev.faultline.protocols.raft.RaftRuleInvariants.OneVotePerTerm;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The opt-in rule checks ({@code checkRules}): correct Raft keeps them on fuzz plans (with a
 * membership plan and snapshots), and hand-made states that break each rule are reported.
 */
class RaftRuleInvariantsTest {
  private static final NodeId S2 = NodeId.of("s2");
  private static final NodeId S3 = NodeId.of("s3");

  private static RaftState server(String name, long term, RaftRole role, long... entryTerms) {
    return RaftInvariantsTest.server(name, term, role, entryTerms);
  }

  @Test
  void correctRaftKeepsTheRules() {
    for (long seed : List.of(7L, 11L)) {
      ClusterRun.Result r = ClusterRun.run(checked(seed, false).plan(seed, null));
      assertNull(r.property(), r.message());
    }
    for (long seed : List.of(100_003L, 100_011L)) {
      ClusterRun.Result r = ClusterRun.run(checked(seed, true).plan(seed, null));
      assertNull(r.property(), r.message());
    }
  }

  private static RaftFuzzPlan checked(long seed, boolean membership) {
    return RaftFuzzPlan.draw(seed, membership)
        .withOption("checkRules", "true")
        .withOption("snapshotEvery", "4");
  }

  @Test
  void theOptionTurnsOnTheRules() {
    List<Invariant> rules =
        RaftImplementationInvariants.after(List.of(), Map.of("checkRules", "true"));
    assertEquals(
        List.of(
            "OneVotePerTerm",
            "OneConfigChangeAtATime",
            "MatchIndexHeld",
            "CheckQuorumStepsDown",
            "VotesForUpToDateLogs"),
        rules.stream().map(Invariant::name).toList());
  }

  /**
   * A leader (of s1, s2: the quorum is both) that last heard s2 at tick 0 may lead on until two
   * check periods and a half (150 ticks each) have passed; at tick 400 it should have stepped down.
   * Heard again at tick 350, it may lead on.
   */
  @Test
  void aLeaderThatHeardNoQuorumForTwoChecksIsCaught() {
    RaftState leader = server("s1", 3, RaftRole.LEADER);
    leader.activeSinceCheck.add(S2);
    Invariant rule = new CheckQuorumStepsDown();
    assertNull(rule.check(at(0, leader)));
    assertNull(rule.check(at(300, leader)), "led for less than two periods and a half");
    String wrong = rule.check(at(400, leader));
    assertTrue(
        wrong != null && wrong.contains("only [s1] joined its record"),
        "s2 joined the record at tick 0 and was never heard again, though it stayed in it: "
            + wrong);

    Invariant again = new CheckQuorumStepsDown();
    RaftState heard = server("s1", 3, RaftRole.LEADER);
    assertNull(again.check(at(0, heard)));
    heard.activeSinceCheck.add(S2);
    assertNull(again.check(at(350, heard)));
    heard.activeSinceCheck.clear();
    assertNull(again.check(at(400, heard)));
  }

  /**
   * Servers that never run their CheckQuorum timer: a leader never clears its record of the peers
   * that answered, so once they are in it, it would lead on if cut off. Correct Raft passes the
   * same plan; this fails once the leader has led for two periods and a half without a new answer
   * in its record.
   */
  @Test
  void aLeaderThatNeverChecksItsQuorumIsCaught() {
    RaftFuzzPlan plan = checked(1, false).withOption("checkQuorum", "true");
    ClusterRun.Result correct = ClusterRun.run(plan.plan(1, null));
    assertNull(correct.property(), correct.message());
    ClusterRun.Result planted =
        ClusterRun.run(
            new dev.faultline.protocols.common.PlantedSpec(
                    new RaftSpec(),
                    "raft whose leaders never check their quorum",
                    (nodes, servers) ->
                        nodes.replaceAll(
                            (id, n) -> n instanceof RaftNode r ? new NoQuorumCheck(r) : n))
                .on(plan.plan(1, null)));
    assertEquals("CheckQuorumStepsDown", planted.property(), planted.message());
  }

  /** The correct server, except that CheckQuorum's timer does nothing. */
  private record NoQuorumCheck(RaftNode correct)
      implements dev.faultline.sim.api.Protocol<RaftState, RaftMessage, RaftTimer> {
    @Override
    public RaftState init(
        NodeId self,
        dev.faultline.sim.api.Durable durable,
        dev.faultline.sim.api.Effects<RaftMessage, RaftTimer> out) {
      return correct.init(self, durable, out);
    }

    @Override
    public void onMessage(
        RaftState s,
        NodeId from,
        RaftMessage m,
        dev.faultline.sim.api.Effects<RaftMessage, RaftTimer> out) {
      correct.onMessage(s, from, m, out);
    }

    @Override
    public void onTimer(
        RaftState s, RaftTimer t, dev.faultline.sim.api.Effects<RaftMessage, RaftTimer> out) {
      if (!(t instanceof RaftTimer.CheckQuorumDue)) {
        correct.onTimer(s, t, out);
      }
    }
  }

  /** {@code states} as the world shows them at {@code tick}. */
  private static SystemView at(long tick, RaftState... states) {
    SystemView v = RaftInvariantsTest.view(states);
    return new SystemView() {
      public long tick() {
        return tick;
      }

      public List<NodeId> nodes() {
        return v.nodes();
      }

      public boolean isUp(NodeId node) {
        return true;
      }

      public dev.faultline.sim.api.NodeState<?> state(NodeId node) {
        return v.state(node);
      }

      public dev.faultline.sim.api.Durable durable(NodeId node) {
        return null;
      }

      public List<dev.faultline.sim.api.HistoryEvent> history() {
        return List.of();
      }
    };
  }

  @Test
  void aSecondVoteAForgottenVoteOrAnOlderTermIsCaught() {
    RaftState s = server("s1", 3, RaftRole.FOLLOWER);
    Invariant votes = new OneVotePerTerm();
    assertNull(votes.check(RaftInvariantsTest.view(s)), "no vote yet");
    s.votedFor = S2;
    assertNull(votes.check(RaftInvariantsTest.view(s)), "a first vote in term 3");
    s.votedFor = S3;
    String wrong = votes.check(RaftInvariantsTest.view(s));
    assertTrue(wrong != null && wrong.contains("voted for s2 and then for s3 in term 3"), wrong);

    Invariant forgets = new OneVotePerTerm();
    s.votedFor = S2;
    forgets.check(RaftInvariantsTest.view(s));
    s.votedFor = null;
    wrong = forgets.check(RaftInvariantsTest.view(s));
    assertTrue(wrong != null && wrong.contains("forgot its vote for s2"), wrong);

    Invariant terms = new OneVotePerTerm();
    terms.check(RaftInvariantsTest.view(s));
    s.term = 4;
    s.votedFor = S3;
    assertNull(terms.check(RaftInvariantsTest.view(s)), "a new term, a new vote");
    s.term = 2;
    wrong = terms.check(RaftInvariantsTest.view(s));
    assertTrue(wrong != null && wrong.contains("went back from term 4 to term 2"), wrong);
  }

  @Test
  void twoUncommittedConfigurationEntriesInALogAreCaught() {
    RaftState s = server("s1", 2, RaftRole.LEADER, 1);
    s.log.append(config(2, "s1", "s2"));
    s.log.append(new RaftEntry(2, new RaftCommand.NoOp()));
    Invariant one = new OneConfigChangeAtATime();
    assertNull(one.check(RaftInvariantsTest.view(s)), "one pending change");
    s.log.append(config(2, "s1", "s2", "s3"));
    String wrong = one.check(RaftInvariantsTest.view(s));
    assertNotNull(wrong);
    assertTrue(wrong.contains("configuration entries at 2 and 4, neither committed"), wrong);
    s.commitIndex = 2; // the first change committed before the second was appended
    assertNull(new OneConfigChangeAtATime().check(RaftInvariantsTest.view(s)));
    RaftState follower = server("s2", 2, RaftRole.FOLLOWER, 1);
    assertNull(
        one.check(RaftInvariantsTest.view(s, follower)),
        "a commit index once reached counts after it is gone");
  }

  private static RaftEntry config(long term, String... voters) {
    List<NodeId> ids = java.util.Arrays.stream(voters).map(NodeId::of).toList();
    return new RaftEntry(term, new RaftCommand.ConfigCommand(Membership.of(ids)));
  }

  @Test
  void aMatchIndexTheFollowerDoesNotHoldIsCaught() {
    RaftState leader = server("s1", 3, RaftRole.LEADER, 1, 1, 3);
    leader.matchIndex.put(S2, 3);
    Invariant held = new MatchIndexHeld();
    RaftState shorter = server("s2", 3, RaftRole.FOLLOWER, 1, 1);
    String wrong = held.check(RaftInvariantsTest.view(leader, shorter));
    assertTrue(wrong != null && wrong.contains("matchIndex 3 for s2, whose log ends at 2"), wrong);
    RaftState diverged = server("s2", 3, RaftRole.FOLLOWER, 1, 1, 2);
    wrong = held.check(RaftInvariantsTest.view(leader, diverged));
    assertTrue(wrong != null && wrong.contains("entry there is of term 2, not 3"), wrong);
    assertNull(
        held.check(RaftInvariantsTest.view(leader, server("s2", 3, RaftRole.FOLLOWER, 1, 1, 3))));
    assertNull(
        held.check(RaftInvariantsTest.view(leader, server("s2", 4, RaftRole.FOLLOWER, 1))),
        "a follower of a newer term may have dropped entries: this leader is stale");
  }
}
