package dev.faultline.protocols.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.ExploreWorkloads;
import dev.faultline.protocols.Protocols;
import dev.faultline.protocols.raft.RaftState;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Goal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BFS over small Raft configurations (3 servers). PreVote and CheckQuorum are off: they add a
 * message round to every election, which deepens every counterexample by several steps without
 * changing which bugs exist (R1, R3 are about votes, not pre-votes).
 */
class RaftExploreTest {
  static final Map<String, String> PLAIN = Map.of("preVote", "false", "checkQuorum", "false");

  static ExploreResult run(
      String variant,
      int clients,
      ExploreOptions o,
      List<Goal> goals,
      List<dev.faultline.sim.explore.ExploreAction> prefix) {
    return ClusterExplore.explore(
        Protocols.byName("raft"),
        variant,
        3,
        ExploreWorkloads.of(clients, 1),
        PLAIN,
        o,
        goals,
        prefix,
        1);
  }

  static final int GOLDEN_COMMIT_STEPS = 5;
  static final int GOLDEN_R1_STEPS_AFTER_COMMIT = 5;

  /** Some server committed an entry (the put): stage one of the lost-write searches. */
  static final Goal COMMITTED =
      new Goal(
          "Committed",
          v ->
              v.nodes().stream()
                  .map(n -> v.stateAs(n, RaftState.class))
                  .anyMatch(s -> s != null && s.commitIndex() >= 1));

  @Test
  void r1_staleCandidateWinsAndLosesACommittedWrite() {
    ExploreOptions stage = ExploreOptions.defaults().withMaxDepth(12);
    ExploreResult committed =
        run("R1", 1, stage.withStopAtGoal(true), List.of(COMMITTED), List.of());
    assertEquals(EndCondition.GOAL_REACHED, committed.end(), committed.summary());
    ExploreResult r = run("R1", 1, stage, List.of(), committed.path());
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("LeaderCompleteness", r.property(), r.message());
    // Stage one: s1 is elected by s2 and commits its no-op entry on {s1, s2}. Stage two: s3
    // times out, and s2 grants its vote without the log check. Both lengths are shortest (BFS)
    // and pinned: a change to Raft's message flow shows up here.
    assertEquals(GOLDEN_COMMIT_STEPS, committed.path().size(), committed.path().toString());
    assertEquals(
        GOLDEN_COMMIT_STEPS + GOLDEN_R1_STEPS_AFTER_COMMIT, r.path().size(), r.path().toString());
  }

  @Test
  void correctRaftHasNoViolationWithinTheSameBounds() {
    ExploreOptions stage = ExploreOptions.defaults().withMaxDepth(12);
    ExploreResult committed =
        run(null, 1, stage.withStopAtGoal(true), List.of(COMMITTED), List.of());
    assertEquals(EndCondition.GOAL_REACHED, committed.end(), committed.summary());
    // Search the correct protocol as deep past the commit as the R1 counterexample goes (depth
    // counts from the staged start), within a state budget that keeps the test to seconds.
    ExploreResult r =
        run(
            null,
            1,
            stage.withMaxDepth(GOLDEN_R1_STEPS_AFTER_COMMIT).withMaxStates(8_000),
            List.of(),
            committed.path());
    assertNull(r.property(), r.summary() + " " + r.message());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
  }

  @Test
  void goldenStateCount_threeServersNoClientsDepth6() {
    ExploreResult r = run(null, 0, ExploreOptions.defaults().withMaxDepth(6), List.of(), List.of());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
    assertEquals(6245, r.uniqueStates(), r.summary());
  }
}
