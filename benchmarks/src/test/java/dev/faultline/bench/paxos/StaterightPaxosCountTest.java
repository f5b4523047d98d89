package dev.faultline.bench.paxos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import org.junit.jupiter.api.Test;

/**
 * The Paxos port explores exactly Stateright's state space: its unique-state counts (from its
 * example's own test and {@code paxos check 3}), every state linearizable and in agreement.
 */
class StaterightPaxosCountTest {
  static final long DEFAULT_SEMANTICS_COUNT = 301_099;

  @Test
  void twoClientsMatchStaterightsCount() {
    ExploreResult r = StaterightPaxos.explorer(2, ExploreOptions.defaults()).explore();
    assertNull(r.property(), r.summary());
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end(), r.summary());
    assertEquals(16_668, r.uniqueStates(), r.summary());
  }

  @Test
  void withoutStaterightsSemanticsTheCountDiffers() {
    // Our default model consumes ignored messages and tells histories apart by event order.
    ExploreResult r = StaterightPaxos.explorerWith(2, ExploreOptions.defaults()).explore();
    assertNull(r.property(), r.summary());
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end(), r.summary());
    assertEquals(DEFAULT_SEMANTICS_COUNT, r.uniqueStates(), r.summary());
  }

  /** 1.2M states: opt in with {@code -Dfl.paxos.threeClients=true}. */
  @Test
  void threeClientsMatchStaterightsCount() {
    assumeTrue(Boolean.getBoolean("fl.paxos.threeClients"));
    ExploreResult r =
        StaterightPaxos.explorer(3, ExploreOptions.defaults().withMaxStates(20_000_000)).explore();
    assertNull(r.property(), r.summary());
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end(), r.summary());
    assertEquals(1_194_428, r.uniqueStates(), r.summary());
  }
}
