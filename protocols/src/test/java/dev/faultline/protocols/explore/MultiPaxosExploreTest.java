package dev.faultline.protocols.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BFS over Multi-Paxos with 3 servers, 1 client and 1 operation (a put), default explorer faults:
 * the unique-state count to a fixed depth is pinned (a golden number: it changes only when the
 * protocol's reachable behaviour does), and no invariant or linearizability fails on the way.
 */
class MultiPaxosExploreTest {
  static final int GOLDEN_DEPTH = 7;
  static final long GOLDEN_STATES = 1131;

  @Test
  void goldenStateCount_threeServersOneClientOneOp() {
    ExploreResult r =
        ExploreHarness.explore(
            "multipaxos",
            null,
            ExploreHarness.workload(1, 1),
            Map.of(),
            ExploreOptions.defaults().withMaxDepth(GOLDEN_DEPTH),
            List.of(),
            List.of());
    System.out.println("multipaxos explore: " + r.summary());
    assertNull(r.property(), r.summary() + " " + r.message());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
    assertEquals(GOLDEN_STATES, r.uniqueStates(), r.summary());
  }
}
