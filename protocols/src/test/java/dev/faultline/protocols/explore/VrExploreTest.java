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
 * BFS over VR with 3 replicas and one client doing one put: a pinned unique-state count (a change
 * to VR's message flow shows up here), and the variants one BFS from the initial state finds.
 */
class VrExploreTest {
  /** Deep enough for the put to be prepared, committed and answered (4 deliveries). */
  static final int GOLDEN_DEPTH = 8;

  static final long GOLDEN_UNIQUE_STATES = 4835;

  static ExploreResult run(String variant, ExploreOptions o) {
    return ExploreHarness.explore(
        "vr", variant, ExploreHarness.workload(1, 1), Map.of(), o, List.of(), List.of());
  }

  @Test
  void goldenStateCount_threeReplicasOneClientOnePut() {
    ExploreResult r = run(null, ExploreOptions.defaults().withMaxDepth(GOLDEN_DEPTH));
    System.out.println("vr explore golden: " + r.summary());
    assertNull(r.property(), r.summary() + " " + r.message());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
    assertEquals(GOLDEN_UNIQUE_STATES, r.uniqueStates(), r.summary());
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
