package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.protocols.raft.RaftRuleInvariants.MatchIndexHeld;
import dev.faultline.protocols.raft.RaftRuleInvariants.OneConfigChangeAtATime;
import dev.faultline.protocols.raft.RaftRuleInvariants.OneVotePerTerm;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
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
  void theOptionTurnsOnThreeRules() {
    List<Invariant> rules =
        RaftImplementationInvariants.after(List.of(), Map.of("checkRules", "true"));
    assertEquals(
        List.of("OneVotePerTerm", "OneConfigChangeAtATime", "MatchIndexHeld"),
        rules.stream().map(Invariant::name).toList());
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
