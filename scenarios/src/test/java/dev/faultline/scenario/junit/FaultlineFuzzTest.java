package dev.faultline.scenario.junit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.testkit.ToyKv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
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

  /**
   * One treatment of progress limits: a pb seed that ends in Liveness inside the view server's
   * declared limit is accepted by the campaign (as by the CLI's fuzz), so checkSeed must accept it
   * too; it used to throw.
   */
  @Test
  void checkSeedTreatsAProgressLimitAsCheckDoes() {
    FaultlineFuzz pb = FaultlineFuzz.protocol("pb").ops(30).outDir(dir).shrink(false);
    FuzzCampaign campaign =
        new FuzzCampaign(new FuzzConfig("pb", null, 3, 3, 30, 10, 0, 0), RunOptions.DEFAULT, false);
    long limited =
        LongStream.rangeClosed(1, 60)
            .filter(seed -> campaign.runSeed(seed).atLivenessLimit())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pb seed of 60 ends in a progress limit"));
    assertTrue(ScenarioRunner.run(pb.scenario(limited)).failed(), "a Liveness verdict");
    assertDoesNotThrow(() -> pb.checkSeed(limited));
    assertDoesNotThrow(() -> pb.seeds(1).firstSeed(limited).check());
  }
}
