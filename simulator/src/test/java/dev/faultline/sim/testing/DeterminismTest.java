package dev.faultline.sim.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.world.Fixture;
import dev.faultline.sim.world.World;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  static final NetworkConfig JITTERY =
      new NetworkConfig(new Latency.Uniform(1, 9), 0.1, 0, 0, 0, 0, 0, 0);

  static void pingRun(long seed, dev.faultline.sim.trace.TraceSink sink) {
    World w = new World(Fixture.config(seed, JITTERY, 300), Fixture.pings(3, 10, false), sink);
    w.start("ping", null, "determinism");
    w.run();
    w.end("done");
  }

  @Test
  void aSeededRunIsDeterministicAndSeedSensitive() {
    Map<Long, String> hashes = Determinism.assertDeterministic(DeterminismTest::pingRun, 1, 2, 3);
    assertEquals(3, hashes.size());
    assertEquals(hashes.get(2L), Determinism.traceHash(DeterminismTest::pingRun, 2));
  }

  private static int leak; // state shared between runs: the bug this helper exists to catch

  @Test
  void nondeterminismFailsNamingTheSeedAndTheFirstDifferingLine() {
    leak = 0;
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Determinism.assertSameSeedSameTrace(
                    (seed, sink) -> {
                      leak++;
                      sink.accept(new TraceEvent.RunStart(0, seed, "p", null, "s", List.of()));
                      sink.accept(new TraceEvent.RunEnd(leak, "end"));
                    },
                    77));
    assertTrue(
        e.getMessage().startsWith("nondeterminism: seed 77 gave two different traces"),
        e.getMessage());
    assertTrue(e.getMessage().contains("first difference at line 2:"), e.getMessage());
    assertTrue(
        e.getMessage().contains("run 1: {\"i\":1,\"tick\":3,\"kind\":\"end\""), e.getMessage());
    assertTrue(
        e.getMessage().contains("run 2: {\"i\":1,\"tick\":4,\"kind\":\"end\""), e.getMessage());
  }

  @Test
  void aRunThatIgnoresItsSeedFails() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> Determinism.assertDeterministic((seed, sink) -> pingRun(5, sink), 1, 2));
    assertTrue(
        e.getMessage().startsWith("seeds 1 and 2 produced the identical trace"), e.getMessage());
    assertThrows(
        AssertionError.class,
        () -> Determinism.assertSeedsDiffer((seed, sink) -> pingRun(5, sink), 1, 2));
  }

  @Test
  void anEmptyTraceProvesNothing() {
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> Determinism.assertSameSeedSameTrace((s, k) -> {}, 9));
    assertTrue(e.getMessage().contains("seed 9"), e.getMessage());
  }

  @Test
  void firstDifferenceReportsExtraLines() {
    assertEquals(null, Determinism.firstDifference(List.of("a"), List.of("a")));
    assertEquals(
        "run 2 has extra lines from line 2: b",
        Determinism.firstDifference(List.of("a"), List.of("a", "b")));
  }
}
