package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.protocols.raft.RaftVoteInvariants.VotesForUpToDateLogs;
import dev.faultline.sim.api.Invariant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code VotesForUpToDateLogs} (option {@code checkRules}): a vote for a candidate whose log was
 * less up-to-date than the voter's is reported at the vote, judged by the candidate's log as it
 * stood when it became a candidate; R1, which drops the comparison, fails it.
 */
class RaftVoteInvariantsTest {

  private static RaftState server(String name, long term, RaftRole role, long... entryTerms) {
    return RaftInvariantsTest.server(name, term, role, entryTerms);
  }

  @Test
  void aVoteForAStalerLogIsCaught() {
    RaftState candidate = server("s2", 3, RaftRole.CANDIDATE, 1, 1, 1); // ends (term 1, index 3)
    RaftState voter = server("s1", 2, RaftRole.FOLLOWER, 1, 2); // ends (term 2, index 2)
    Invariant rule = new VotesForUpToDateLogs();
    assertNull(rule.check(RaftInvariantsTest.view(voter, candidate)));
    voter.term = 3;
    voter.votedFor = candidate.self();
    String wrong = rule.check(RaftInvariantsTest.view(voter, candidate));
    assertTrue(
        wrong != null && wrong.contains("s1 voted for s2 in term 3 whose log ended at index 3"),
        String.valueOf(wrong));
  }

  /**
   * A vote for a log at least as up-to-date passes, also when the candidate's log is cut back later
   * (a leader of its term overwrites its last entries): the rule reads its log as it stood.
   */
  @Test
  void aVoteForAnUpToDateLogPassesEvenIfItsLogShrinksLater() {
    RaftState candidate = server("s2", 3, RaftRole.CANDIDATE, 1, 2, 2); // ends (2, 3)
    RaftState voter = server("s1", 2, RaftRole.FOLLOWER, 1, 2, 2); // ends (2, 3)
    Invariant rule = new VotesForUpToDateLogs();
    assertNull(rule.check(RaftInvariantsTest.view(voter, candidate)));
    candidate.role = RaftRole.FOLLOWER;
    candidate.log.truncateFrom(2);
    voter.term = 3;
    voter.votedFor = candidate.self();
    assertNull(rule.check(RaftInvariantsTest.view(voter, candidate)));
  }

  /** R1 grants votes without comparing logs: with the rule on, it fails at such a vote. */
  @Test
  void r1FailsTheRule() {
    long seed = 2; // 42 of the first 119 seeds show R1 this way
    RaftFuzzPlan plan = RaftFuzzPlan.draw(seed, false).withOption("checkRules", "true");
    ClusterRun.Result correct = ClusterRun.run(plan.plan(seed, null));
    assertNull(correct.property(), correct.message());
    ClusterRun.Result r1 = ClusterRun.run(plan.plan(seed, "R1"));
    assertEquals("VotesForUpToDateLogs", r1.property(), r1.message());
  }

  @Test
  void theOptionTurnsItOn() {
    assertTrue(
        RaftImplementationInvariants.after(List.of(), java.util.Map.of("checkRules", "true"))
            .stream()
            .anyMatch(i -> i.name().equals("VotesForUpToDateLogs")));
  }
}
