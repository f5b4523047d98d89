package dev.faultline.sim.world;

import static dev.faultline.sim.world.Fixture.S1;
import static dev.faultline.sim.world.Fixture.S2;
import static dev.faultline.sim.world.Fixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.testing.Determinism;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Same seed, same bytes, with every fault kind switched on; a different seed, different bytes. */
class WorldDeterminismTest {
  static final NodeId S4 = NodeId.of("s4");
  static final NodeId S5 = NodeId.of("s5");

  static final NetworkConfig CHAOS =
      new NetworkConfig(new Latency.LongTail(1, 4, 40), 0.05, 0.05, 0.1, 15, 0.02, 200, 400);

  static final FaultSchedule EVERYTHING =
      FaultSchedule.builder()
          .at(50, new Fault.Partition(List.of(Set.of(S1, S2), Set.of(S3, S4))))
          .at(120, new Fault.Heal())
          .at(130, new Fault.Isolate(S5))
          .at(160, new Fault.BlockLink(S1, S2))
          .at(200, new Fault.UnblockLink(S1, S2))
          .at(210, new Fault.Heal())
          .at(220, new Fault.Crash(S1))
          .at(300, new Fault.Restart(S1, false))
          .at(320, new Fault.Crash(S2))
          .at(380, new Fault.Restart(S2, true))
          .at(400, new Fault.ClockSkew(S3, 8))
          .at(410, new Fault.ClockDrift(S4, 150_000))
          .at(420, new Fault.ClockSkew(S5, -40))
          .at(430, new Fault.HoldMessages(S3, null, 2, 500))
          .at(440, new Fault.DropMessages(null, S4, 3))
          .at(
              450,
              new Fault.SetNetwork(
                  new NetworkConfig(new Latency.Uniform(1, 9), 0.1, 0.1, 0.2, 5, 0.05, 100, 300)))
          .at(800, new Fault.StabilizeAll())
          .build();

  static void chaosRun(long seed, TraceSink sink) {
    World w = new World(Fixture.config(seed, CHAOS, 1_200), Fixture.pings(5, 10, true), sink);
    w.start("ping", null, "every-fault");
    w.schedule(EVERYTHING);
    RunOutcome outcome = w.run();
    w.end(outcome.stop().name().toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void everyFaultKindReplaysByteForByteAndSeedsDiffer() {
    Determinism.assertDeterministic(WorldDeterminismTest::chaosRun, 1, 2, 42, -7);
  }

  /**
   * Golden hashes, recorded once: they catch what a same-JVM comparison cannot (per-JVM salted
   * orders; this once caught Set.of's toString in the partition description) and pin the kernel's
   * semantics, so hot-path optimisations must not change a single byte. Update them only for a
   * deliberate change of behaviour, and say so in the change.
   */
  @Test
  void theChaosRunMatchesItsGoldenHashInEveryJvm() {
    Determinism.assertTraceHash(
        WorldDeterminismTest::chaosRun,
        42,
        "5aa222083a2d8ca1284616f522211020dd7b22a09a7190d6414a75b24f27e5ac");
    Determinism.assertTraceHash(
        WorldDeterminismTest::chaosRun,
        -7,
        "dbcb9ba44c99926b76dc38a29dfa3a0d697cf97d5df08bb763c391dcacd66b41");
  }

  @Test
  void theChaosRunReallyExercisesEveryKindOfTraceEvent() {
    InMemoryTrace t = new InMemoryTrace();
    chaosRun(42, t);
    Set<String> kinds = new TreeSet<>();
    t.events().forEach(e -> kinds.add(e.kind()));
    Set<String> drops = new TreeSet<>();
    t.ofType(TraceEvent.Drop.class).forEach(d -> drops.add(d.reason()));
    assertTrue(
        kinds.containsAll(
            List.of(
                "start",
                "end",
                "send",
                "deliver",
                "drop",
                "duplicate",
                "hold",
                "timer",
                "crash",
                "restart",
                "partition",
                "clock",
                "persist",
                "annotate",
                "network")),
        kinds.toString());
    assertEquals(Set.of("down", "fault", "partition", "random"), drops);
    assertTrue(t.ofType(TraceEvent.ClockChange.class).stream().anyMatch(c -> !c.withinBound()));
  }
}
