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
 * BFS over VR with 3 replicas and one client doing one put: the variants one BFS from the initial
 * state finds. (The pinned unique-state count is VrSpec's explorer golden, checked by the contract
 * suite.)
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

  /** V3: the primary commits on its own append and answers; the put is then in one log only. */
  @Test
  void v3_oneBfsFindsAnAnswerBeforeAQuorumHoldsThePut() {
    ExploreResult r = run("V3", ExploreOptions.defaults().withMaxDepth(4));
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("AckedOpsKept", r.property(), r.message());
    // deliver the request (s1 appends, commits alone, replies), deliver the reply
    assertEquals(2, r.path().size(), r.path().toString());
  }

  /** V7: every replica puts itself first in its list, so all three act as primary of view 0. */
  @Test
  void v7_oneBfsFindsTwoPrimariesAtOnce() {
    ExploreResult r = run("V7", ExploreOptions.defaults().withMaxDepth(2));
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("OnePrimary", r.property(), r.message());
  }
}
