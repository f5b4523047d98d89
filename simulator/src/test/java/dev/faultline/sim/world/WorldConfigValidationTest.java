package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad configuration fails before the run starts, with a message naming the field. */
class WorldConfigValidationTest {
  static final NodeId S9 = NodeId.of("s9");

  private static void failsNaming(String expectedStart, Executable bad) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
    assertTrue(
        e.getMessage().startsWith(expectedStart),
        "expected '" + expectedStart + "...' but was '" + e.getMessage() + "'");
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }

  private static World world() {
    return new World(WorldConfig.of(1), Fixture.pings(3, 10, false), null);
  }

  private static void scheduleFails(String expectedStart, Fault fault) {
    World w = world();
    failsNaming(expectedStart, () -> w.schedule(FaultSchedule.builder().at(5, fault).build()));
  }

  @Test
  void latencies() {
    failsNaming("latency.ticks must be >= 0, was -1", () -> new Latency.Fixed(-1));
    failsNaming("latency.minTicks must be >= 0, was -2", () -> new Latency.Uniform(-2, 5));
    failsNaming("latency.maxTicks must be >= 5, was 4", () -> new Latency.Uniform(5, 4));
    failsNaming("latency.meanTicks must be >= 3", () -> new Latency.LongTail(3, 2, 10));
  }

  @Test
  void ratesOutsideZeroToOne() {
    var lat = new Latency.Fixed(1);
    failsNaming(
        "network.dropRate must be a probability in [0, 1], was 1.5",
        () -> new NetworkConfig(lat, 1.5, 0, 0, 0, 0, 0, 0));
    failsNaming("network.duplicateRate", () -> new NetworkConfig(lat, 0, -0.1, 0, 0, 0, 0, 0));
    failsNaming("network.reorderRate", () -> new NetworkConfig(lat, 0, 0, Double.NaN, 0, 0, 0, 0));
    failsNaming("network.holdRate", () -> new NetworkConfig(lat, 0, 0, 0, 0, 2, 0, 0));
    failsNaming("network.reorderTicksMax", () -> new NetworkConfig(lat, 0, 0, 0, -1, 0, 0, 0));
    failsNaming(
        "network.holdTicksMax must be >= 10", () -> new NetworkConfig(lat, 0, 0, 0, 0, 0, 10, 5));
  }

  @Test
  void clockAndWorldBounds() {
    failsNaming("clock.uncertaintyTicks must be >= 0, was -1", () -> new ClockConfig(-1));
    failsNaming("maxTicks must be >= 1", () -> WorldConfig.of(1).withMaxTicks(0));
  }

  @Test
  void unknownNodesInFaults() {
    scheduleFails(
        "partition.groups: unknown node 's9' (nodes: [s1, s2, s3])",
        new Fault.Partition(List.of(Set.of(S1), Set.of(S9))));
    scheduleFails(
        "partition.groups: node 's1' is in more than one group",
        new Fault.Partition(List.of(Set.of(S1), Set.of(S1, Fixture.S2))));
    scheduleFails("crash.node: unknown node 's9'", new Fault.Crash(S9));
    scheduleFails("restart.node: unknown node 's9'", new Fault.Restart(S9, false));
    scheduleFails("isolate.node: unknown node 's9'", new Fault.Isolate(S9));
    scheduleFails("block.to: unknown node 's9'", new Fault.BlockLink(S1, S9));
    scheduleFails("unblock.from: unknown node 's9'", new Fault.UnblockLink(S9, S1));
    scheduleFails("skew.node: unknown node 's9'", new Fault.ClockSkew(S9, 1));
    scheduleFails("hold.from: unknown node 's9'", new Fault.HoldMessages(S9, null, 1, 10));
    scheduleFails("drop.to: unknown node 's9'", new Fault.DropMessages(null, S9, 1));
  }

  @Test
  void badFaultParameters() {
    scheduleFails("drift.driftPpm must be in (-1000000, ", new Fault.ClockDrift(S1, -1_000_000));
    scheduleFails("drift.driftPpm", new Fault.ClockDrift(S1, 2_000_000_000L));
    scheduleFails("hold.count must be >= 1, was 0", new Fault.HoldMessages(S1, null, 0, 10));
    scheduleFails("hold.holdTicks must be >= 0, was -5", new Fault.HoldMessages(S1, null, 1, -5));
    scheduleFails("drop.count must be >= 1, was 0", new Fault.DropMessages(S1, null, 0));
    failsNaming("fault tick must be >= 0", () -> FaultSchedule.builder().at(-1, new Fault.Heal()));
  }

  @Test
  void aFaultInThePastIsRejected() {
    World w = world();
    w.runUntil(100);
    failsNaming(
        "fault at tick 50 is in the past (now 100)",
        () -> w.schedule(FaultSchedule.builder().at(50, new Fault.Heal()).build()));
  }

  @Test
  void badTimerRangesAndUnknownDestinationsFailInTheHandler() {
    for (long[] range : new long[][] {{10, 5}, {-1, 5}}) {
      World w =
          new World(
              WorldConfig.of(1),
              Fixture.cluster(
                  new WorldClockTimerTest.Prober(
                      (out, s) ->
                          out.setTimer(new WorldClockTimerTest.Probe("x"), range[0], range[1]),
                      (o, t) -> {}),
                  1),
              null);
      failsNaming("s1: timer range [" + range[0] + ", " + range[1] + "] is invalid", w::run);
    }
    World w =
        new World(
            WorldConfig.of(1),
            Fixture.cluster(new Ping(List.of(S1, S9), 10, false, false), 1),
            null);
    failsNaming("s1 sent PingMsg to unknown node s9", w::run);
    assertEquals(10, w.tick());
  }
}
