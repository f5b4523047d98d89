package dev.faultline.scenario.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.scenario.cli.FaultlineCli;
import dev.faultline.scenario.io.Library;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pb scenario library shows beyond the contract every protocol meets (each file meets its
 * {@code expect}, each bug file has a correct twin, every variant has a file: {@code
 * ProtocolContractTest}): the expectations hold under other seeds too, the progress-limit files end
 * in Liveness with a declared limit, and the CLI runs a variant file.
 */
class PbLibraryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path pbRoot() {
    Path here = Path.of("library", "pb");
    return Files.isDirectory(here) ? here : Path.of("scenarios", "library", "pb");
  }

  static List<Path> files() {
    return Library.files(pbRoot());
  }

  /**
   * The scripted faults, not lucky latency draws, make each situation happen: every file meets its
   * expectation under other seeds too (the network still draws latencies of 1-5 ticks).
   */
  @Test
  void expectationsDoNotDependOnTheSeed() {
    List<String> misses = new java.util.ArrayList<>();
    for (Path f : files()) {
      Scenario s = ScenarioReader.read(f);
      for (long seed = 2; seed <= 11; seed++) {
        ScenarioResult r = ScenarioRunner.run(s.withSeed(seed));
        if (!r.expectationMet()) {
          misses.add(f.getFileName() + " seed " + seed + ": " + r.property());
        }
      }
    }
    assertTrue(misses.isEmpty(), misses.toString());
  }

  @Test
  void progressLimitsAreLivenessNotSafety() throws Exception {
    int limits = 0;
    for (Path f : files()) {
      JsonNode n = JSON.readTree(f.toFile());
      if (n.hasNonNull("variant") || !"Liveness".equals(n.get("expect").asText())) {
        continue;
      }
      dev.faultline.sim.trace.InMemoryTrace trace = new dev.faultline.sim.trace.InMemoryTrace();
      ScenarioResult r = ScenarioRunner.run(ScenarioReader.read(f), RunOptions.DEFAULT, trace);
      // Invariants and linearizability are checked before liveness: reaching "Liveness" means
      // no safety property broke.
      assertEquals("Liveness", r.property(), f + ": " + r.message());
      // ...and the view server says which known limit it is stuck in.
      String limit = null;
      for (var e : trace.events()) {
        if (e instanceof dev.faultline.sim.trace.TraceEvent.Annotate a && a.key().equals("limit")) {
          limit = a.value();
        }
      }
      assertTrue(limit != null && !limit.equals("none"), f + ": no known progress limit announced");
      limits++;
    }
    assertTrue(limits >= 3, "expected the 3 progress-limit scenarios, found " + limits);
  }

  @Test
  void cliRunsAVariantFileWritesItsArtifactsAndExitsZero(@TempDir Path tmp) throws Exception {
    Path file = pbRoot().resolve("pb-stale-fast-read-b2.json");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        FaultlineCli.execute(
            new String[] {"run", file.toString(), "--out", tmp.toString()},
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));
    assertEquals(0, code, out + "\n" + err);
    assertTrue(out.toString().contains("Linearizability"), out.toString());
    String trace = Files.readString(tmp.resolve("trace.jsonl"));
    assertTrue(trace.contains("\"key\":\"role\""), "servers annotate their role");
    assertTrue(trace.contains("\"Forward\""), "the trace shows forwards");
  }
}
