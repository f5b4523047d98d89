package dev.faultline.scenario.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.ToyKv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class FaultlineFuzzTest {
  @TempDir Path dir;

  @Test
  void correctProtocolPasses() {
    FaultlineFuzz.protocol(new ToyKv()).ops(30).seeds(8).threads(2).outDir(dir).check();
  }

  @Test
  void failingSeedGivesShrunkFileAndReproductionLine() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                FaultlineFuzz.protocol(new ToyKv())
                    .variant("BOOM")
                    .ops(30)
                    .seeds(5)
                    .outDir(dir)
                    .check());
    String m = e.getMessage();
    assertTrue(m.contains("seed 1 violated ToySafety"), m);
    assertTrue(
        m.contains("reproduce:        ./faultline run " + dir.resolve("failure-1-shrunk.json")), m);
    assertTrue(Files.exists(dir.resolve("failure-1.json")));
    assertTrue(Files.exists(dir.resolve("failure-1-shrunk.json")));
    assertTrue(Files.exists(dir.resolve("failure-1").resolve("trace.jsonl")));
  }

  @Test
  void expectViolationFindsTheBugOrFails() {
    assertEquals(
        1,
        FaultlineFuzz.protocol(new ToyKv())
            .variant("STALE")
            .ops(30)
            .seeds(5)
            .outDir(dir)
            .expectViolation("Linearizability"));
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                FaultlineFuzz.protocol(new ToyKv())
                    .ops(20)
                    .seeds(3)
                    .outDir(dir)
                    .expectViolation("Linearizability"));
    assertTrue(
        e.getMessage().startsWith("no seed of 3 from 1 violated Linearizability"), e.getMessage());
  }

  @Test
  void dynamicTestsOnePerSeed() {
    assertEquals(
        7, FaultlineFuzz.protocol(new ToyKv()).seeds(7).firstSeed(10).dynamicTests().count());
  }
}
