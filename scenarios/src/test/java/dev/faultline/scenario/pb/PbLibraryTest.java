package dev.faultline.scenario.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.cli.FaultlineCli;
import dev.faultline.scenario.io.Library;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pb scenario library, through the real reader and runner: every file meets its {@code expect};
 * every bug-variant file {@code pb-X-bN.json} has a twin {@code pb-X.json} with the same cluster,
 * workload, faults and seed that runs the correct protocol (so each situation is tested in both
 * directions); every variant B1..B8 has a scenario; and the progress-limit files end in Liveness.
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

  @TestFactory
  Stream<DynamicTest> everyPbScenarioMeetsItsExpectation() {
    return files().stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      Scenario s = ScenarioReader.read(f);
                      RunOptions hashed = RunOptions.DEFAULT.withHashTrace(true);
                      ScenarioResult r = ScenarioRunner.run(s, hashed);
                      assertTrue(r.expectationMet(), Verdicts.paragraph(r, "./faultline run " + f));
                      ScenarioResult again = ScenarioRunner.run(s, hashed);
                      assertEquals(
                          r.traceSha256(), again.traceSha256(), f + ": same seed, same trace");
                    }));
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
  void everyVariantFileHasACorrectTwinWithTheSameSchedule() throws Exception {
    int pairs = 0;
    for (Path f : files()) {
      JsonNode bug = JSON.readTree(f.toFile());
      if (!bug.hasNonNull("variant")) {
        continue;
      }
      String name = f.getFileName().toString();
      Path twin = f.resolveSibling(name.replaceFirst("-b[0-9]+\\.json$", ".json"));
      assertTrue(!twin.equals(f) && Files.exists(twin), name + " has no correct twin " + twin);
      JsonNode ok = JSON.readTree(twin.toFile());
      assertTrue(!ok.hasNonNull("variant"), twin + " must run the correct protocol");
      assertEquals(strip(ok), strip(bug), name + " and " + twin + " must differ only in variant");
      assertTrue(
          !ok.get("expect").asText().equals(bug.get("expect").asText()),
          name + ": the variant must change the outcome");
      pairs++;
    }
    assertTrue(pairs >= 9, "expected at least 9 situation/variant pairs, found " + pairs);
  }

  @Test
  void everyBugVariantHasAScenario() throws Exception {
    TreeSet<String> covered = new TreeSet<>();
    for (Path f : files()) {
      JsonNode n = JSON.readTree(f.toFile());
      if (n.hasNonNull("variant")) {
        covered.add(n.get("variant").asText());
      }
    }
    assertEquals(new TreeSet<>(List.of("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8")), covered);
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

  private static JsonNode strip(JsonNode n) {
    ObjectNode c = n.deepCopy();
    c.remove(List.of("name", "description", "variant", "expect"));
    return c;
  }
}
