package dev.faultline.protocols.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.ExploreWorkloads;
import dev.faultline.protocols.Protocols;
import dev.faultline.protocols.multipaxos.MultiPaxosSpec;
import dev.faultline.protocols.multipaxos.MultiPaxosState;
import dev.faultline.sim.api.ExploreGolden;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreBounds;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Goal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Multi-Paxos explorer golden (3 servers, 1 client, 1 put; pinned in {@link
 * MultiPaxosSpec#exploreGolden()}, counted by the contract suite) reaches the put's execution and
 * its reply: its depth is not cut before the interesting part.
 */
class MultiPaxosExploreTest {
  static final Goal EXECUTED =
      new Goal(
          "Executed",
          v -> {
            for (NodeId n : v.nodes()) {
              MultiPaxosState s = v.stateAs(n, MultiPaxosState.class);
              if (s != null && s.slotOut() > 1) {
                return true;
              }
            }
            return false;
          });

  static final Goal REPLIED =
      new Goal(
          "Replied", v -> v.history().stream().anyMatch(e -> e.type() == HistoryEvent.Type.OK));

  /**
   * Within the golden's depth, a replica executes the put (depth 6: the request, a timeout, one p1a
   * and p1b, one p2a and p2b) and the client hears the answer (depth 7). Searched with {@code
   * max-timer-repeats=1}, a smaller model whose every path is a full-model path, so the golden's
   * full search holds both states at those depths.
   */
  @Test
  void theGoldenSearchReachesTheDecisionAndTheReply() {
    ExploreGolden g = new MultiPaxosSpec().exploreGolden();
    ExploreResult r =
        ClusterExplore.explore(
            Protocols.byName("multipaxos"),
            null,
            g.servers(),
            ExploreWorkloads.of(g.clients(), g.opsPerClient()),
            g.options(),
            ExploreOptions.defaults()
                .withMaxDepth(g.maxDepth())
                .withBounds(new ExploreBounds(1, 0, 0))
                .withStopAtGoal(true),
            List.of(EXECUTED, REPLIED),
            List.of(),
            1);
    assertEquals(EndCondition.GOAL_REACHED, r.end(), r.summary());
    assertEquals(6, r.goalsReached().get("Executed"), r.goalsReached().toString());
    assertEquals(7, r.goalsReached().get("Replied"), r.goalsReached().toString());
  }
}
