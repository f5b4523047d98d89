package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.model.Workload;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Drawn cluster shapes: without a fixed server count each seed draws its server count (Raft: 3 or
 * 5), its timing options and its share of gets, from its own stream, so the same seed always draws
 * the same shape and the scenario file holds all of it; a fixed shape draws exactly as before.
 */
class SwarmShapeTest {
  private static final FuzzConfig RAFT = FuzzConfig.of("raft", null).withOps(40).withDrawnShape();

  private static double gets(Scenario s) {
    return ((Workload.Generated) s.workload()).mix().get("get");
  }

  @Test
  void raftSeedsDrawThreeOrFiveServersAndTimingThatKeepsLeadersAlive() {
    TreeSet<Integer> sizes = new TreeSet<>();
    TreeSet<String> heartbeats = new TreeSet<>();
    TreeSet<Double> getShares = new TreeSet<>();
    for (long seed = 1; seed <= 60; seed++) {
      Scenario s = SwarmPlan.scenario(RAFT, seed);
      sizes.add(s.nodes());
      Map<String, String> o = s.options();
      long heartbeat = Long.parseLong(o.getOrDefault("heartbeatTicks", "20"));
      long min = Long.parseLong(o.getOrDefault("electionTimeoutTicksMin", "150"));
      long max = Long.parseLong(o.getOrDefault("electionTimeoutTicksMax", "300"));
      heartbeats.add(Long.toString(heartbeat));
      assertTrue(4 * heartbeat <= min && min <= max, "seed " + seed + ": " + o);
      getShares.add(gets(s));
      assertEquals(s, SwarmPlan.scenario(RAFT, seed), "same seed, same shape");
    }
    assertEquals(new TreeSet<>(java.util.List.of(3, 5)), sizes);
    assertTrue(heartbeats.size() >= 3, "timing varies: " + heartbeats);
    assertEquals(new TreeSet<>(java.util.List.of(0.3, 0.6, 0.9)), getShares);
  }

  @Test
  void aFixedShapeDrawsAsBeforeAndTheUsersOptionsWinOverDrawnTiming() {
    for (long seed = 1; seed <= 20; seed++) {
      Scenario fixed = SwarmPlan.scenario(FuzzConfig.of("raft", null).withOps(40), seed);
      assertEquals(3, fixed.nodes());
      assertFalse(fixed.options().containsKey("heartbeatTicks"), fixed.options().toString());
      assertFalse(fixed.options().containsKey("electionTimeoutTicksMin"));
      assertEquals(0.3, gets(fixed));
    }
    SortedMap<String, String> mine = new TreeMap<>(Map.of("heartbeatTicks", "25"));
    for (long seed = 1; seed <= 20; seed++) {
      Scenario s = SwarmPlan.scenario(RAFT.withOptions(mine), seed);
      assertEquals("25", s.options().get("heartbeatTicks"));
    }
    // Protocols that declare no sizes keep 3 servers when drawn.
    for (long seed = 1; seed <= 10; seed++) {
      assertEquals(3, SwarmPlan.scenario(FuzzConfig.of("pb", null).withDrawnShape(), seed).nodes());
    }
  }

  @Test
  void drawnShapesRoundTripThroughTheFileFormat() {
    ScenarioReader reader = new ScenarioReader(ProtocolRegistry.DEFAULT);
    for (long seed = 1; seed <= 12; seed++) {
      Scenario s = SwarmPlan.scenario(RAFT, seed);
      assertEquals(s, reader.parse(ScenarioWriter.toJson(s), "seed-" + seed + ".json"));
    }
  }
}
