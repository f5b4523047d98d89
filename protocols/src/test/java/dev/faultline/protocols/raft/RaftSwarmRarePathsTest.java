package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.rand.Rng;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The swarm's {@code swarmRarePaths} option (which a mutation campaign passes): membership plans on
 * most seeds, second requests into a pending change, ReadIndex on about half; without it, the draws
 * of the three-argument hook exactly.
 */
class RaftSwarmRarePathsTest {
  private static final int SEEDS = 400;

  private static SortedMap<String, String> drawn(long seed, int servers, String rare) {
    SortedMap<String, String> fixed = new TreeMap<>();
    if (rare != null) {
      fixed.put("swarmRarePaths", rare);
    }
    return new RaftSpec().swarmOptions(Rng.derived(seed, "swarm-options"), servers, 3_000, fixed);
  }

  @Test
  void withoutTheOptionEverySeedDrawsAsBefore() {
    RaftSpec spec = new RaftSpec();
    for (long seed = 1; seed <= SEEDS; seed++) {
      for (int servers : new int[] {3, 5}) {
        SortedMap<String, String> before =
            spec.swarmOptions(Rng.derived(seed, "swarm-options"), servers, 3_000);
        assertEquals(before, drawn(seed, servers, null), "seed " + seed);
        assertEquals(before, drawn(seed, servers, "false"), "seed " + seed);
      }
    }
  }

  @Test
  void rarePathsDrawPlansOnMostSeedsWithStepsIntoAPendingChange() {
    int plansBefore = 0;
    int plans = 0;
    int readIndex = 0;
    int closeSteps = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      plansBefore += drawn(seed, 3, null).containsKey("reconfig") ? 1 : 0;
      SortedMap<String, String> o = drawn(seed, 3, "true");
      readIndex += "readIndex".equals(o.get("reads")) ? 1 : 0;
      if (!o.containsKey("reconfig")) {
        continue;
      }
      plans++;
      RaftConfig c = RaftConfig.from(new RaftSpec().serverIds(3), null, o);
      assertTrue(c.reconfig().size() >= 2, "two or three steps: " + o);
      for (int k = 1; k < c.reconfig().size(); k++) {
        long gap = c.reconfig().get(k).notBeforeTick() - c.reconfig().get(k - 1).notBeforeTick();
        closeSteps += gap <= 10 ? 1 : 0;
      }
    }
    assertTrue(plansBefore < SEEDS * 0.4, "about 30 % without the option: " + plansBefore);
    assertTrue(plans > SEEDS * 0.6, "about 70 % with it: " + plans);
    assertTrue(closeSteps > plans / 2, "about half the later steps are close: " + closeSteps);
    assertTrue(readIndex > SEEDS * 0.4, "about half read by ReadIndex: " + readIndex);
  }

  @Test
  void aBadValueIsAnErrorNamingTheOption() {
    SortedMap<String, String> o = new TreeMap<>();
    o.put("swarmRarePaths", "yes");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RaftConfig.from(new RaftSpec().serverIds(3), null, o));
    assertEquals("raft option 'swarmRarePaths' must be true or false, was 'yes'", e.getMessage());
    o.put("swarmRarePaths", "true");
    assertEquals(
        RaftConfig.from(new RaftSpec().serverIds(3), null, new TreeMap<>()),
        RaftConfig.from(new RaftSpec().serverIds(3), null, o),
        "a run ignores it");
  }
}
