package dev.faultline.protocols.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.ExploreWorkloads;
import dev.faultline.protocols.Protocols;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BFS over VR with 3 replicas and one client doing one put: V7, which one BFS finds at the initial
 * state itself (a declared search needs at least one step). V2 and V3 declare their searches in
 * {@code VrBug}, which the contract suite runs; the pinned unique-state count is VrSpec's explorer
 * golden, checked there too.
 */
class VrExploreTest {
  static ExploreResult run(String variant, ExploreOptions o) {
    return ClusterExplore.explore(
        Protocols.byName("vr"),
        variant,
        3,
        ExploreWorkloads.of(1, 1),
        Map.of(),
        o,
        List.of(),
        List.of(),
        1);
  }

  /** V7: every replica puts itself first in its list, so all three act as primary of view 0. */
  @Test
  void v7_oneBfsFindsTwoPrimariesAtOnce() {
    ExploreResult r = run("V7", ExploreOptions.defaults().withMaxDepth(2));
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("OnePrimary", r.property(), r.message());
  }
}
