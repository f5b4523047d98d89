package dev.faultline.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.report.HeadlessChromium;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.Artifacts;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real failures drawn and opened in headless Chromium: a Raft and a primary/backup run that break a
 * property. The page must load without script errors and draw exactly the arrows and lifelines
 * counted from the run's trace; screenshots go to the build output (report-screenshots/).
 */
class ProtocolFailureReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void raftFailure() throws Exception {
    drawFailure("raft", RAFT_CANDIDATES);
  }

  @Test
  void primaryBackupFailure() throws Exception {
    drawFailure("pb", PB_CANDIDATES);
  }

  private void drawFailure(String protocol, List<String> candidates) throws Exception {
    HeadlessChromium browser = chromium();
    Failure f = findFailure(protocol, candidates);
    Path trace = f.dir.resolve("trace.jsonl");
    assertTrue(Files.exists(trace), "the run wrote its trace");
    String drawn = Artifacts.writeReport(f.dir, f.result, "./faultline run " + f.source);
    Path html = f.dir.resolve("report.html");
    assertTrue(Files.exists(html), "report drawn: " + drawn);

    List<String> lines = Files.readAllLines(trace);
    long arrows = 0;
    Set<String> lifelines = new TreeSet<>();
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      String kind = e.get("kind").asText();
      if (kind.equals("send") || kind.equals("duplicate")) {
        arrows++;
      }
      for (String field : List.of("from", "to", "node")) {
        if (e.hasNonNull(field)) {
          lifelines.add(e.get(field).asText());
        }
      }
      if (e.has("nodes")) {
        e.get("nodes").forEach(n -> lifelines.add(n.asText()));
      }
    }
    for (var h : f.result.history()) {
      lifelines.add("c" + (h.process() + 1));
    }
    JsonNode page = JSON.readTree(browser.load(html, null).selfTestJson());
    assertEquals(0, page.get("errors").size(), "script errors: " + page.get("errors"));
    assertEquals(arrows, page.get("arrows").asLong(), "arrows drawn");
    assertEquals(lifelines.size(), page.get("lifelines").asInt(), "lifelines " + lifelines);

    Path shots = buildDir().resolve("report-screenshots");
    Files.createDirectories(shots);
    Files.copy(
        html,
        shots.resolve(protocol + "-failure.html"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path png = shots.resolve(protocol + "-failure.png");
    browser.screenshot(html, null, png, 1600, 1000);
    assertTrue(Files.size(png) > 10_000);
    // And zoomed in on where it broke, as a user would after pressing "where it broke".
    browser.screenshot(html, "focus", shots.resolve(protocol + "-failure-zoomed.png"), 1600, 1000);
    System.out.println(
        protocol
            + " failure drawn: "
            + f.source
            + " -> "
            + f.result.property()
            + ": "
            + f.result.message());
  }

  private record Failure(String source, Path dir, ScenarioResult result) {}

  /**
   * The first scenario that breaks a property: the library's failing scenarios first (they are the
   * curated, minimal ones), then the candidates below over a few seeds.
   */
  private Failure findFailure(String protocol, List<String> candidates) throws Exception {
    List<Object[]> tries = new ArrayList<>(); // {source name, Scenario}
    Path library = libraryDir().resolve(protocol);
    if (Files.isDirectory(library)) {
      try (Stream<Path> files = Files.list(library)) {
        for (Path p : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
          Scenario s = ScenarioReader.read(p);
          if (!s.expect().equals("pass")) {
            tries.add(new Object[] {p.toString(), s});
          }
        }
      }
    }
    ScenarioReader reader = new ScenarioReader(ProtocolRegistry.DEFAULT);
    for (int c = 0; c < candidates.size(); c++) {
      Scenario s = reader.parse(candidates.get(c), protocol + "-candidate-" + c + ".json");
      for (long seed = 1; seed <= 4; seed++) {
        tries.add(
            new Object[] {protocol + "-candidate-" + c + ".json --seed " + seed, s.withSeed(seed)});
      }
    }
    int n = 0;
    for (Object[] t : tries) {
      Path out = dir.resolve(protocol + "-" + n++);
      ScenarioResult r = ScenarioRunner.run((Scenario) t[1], RunOptions.DEFAULT.withOut(out));
      if (r.verdict() == Verdict.VIOLATION) {
        assertNotNull(r.property());
        return new Failure((String) t[0], out, r);
      }
    }
    fail("no " + protocol + " scenario failed (" + tries.size() + " tried)");
    return null;
  }

  static HeadlessChromium chromium() {
    var found = HeadlessChromium.find();
    if (found.isEmpty()) {
      if (System.getenv("CI") != null) {
        fail("Chromium is required on CI (apt-get install chromium)");
      }
      assumeTrue(false, "Chromium not installed; skipping browser test");
    }
    return found.get();
  }

  static Path buildDir() throws Exception {
    return Path.of(
            ProtocolFailureReportTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI())
        .getParent();
  }

  private static Path libraryDir() throws Exception {
    // Tests run in the module directory; the library sits at scenarios/library.
    Path here = Path.of("library");
    return Files.isDirectory(here) ? here : Path.of("scenarios", "library");
  }

  private static final String NET =
      "\"network\": {\"latency\": {\"minTicks\": 1, \"maxTicks\": 8}, \"dropRate\": 0.02,"
          + " \"duplicateRate\": 0.01, \"reorderRate\": 0.0, \"reorderTicksMax\": 0,"
          + " \"holdRate\": 0.01, \"holdTicksMin\": 50, \"holdTicksMax\": 300},";

  /**
   * R7 (a leader answers get from local state): cut an old leader off together with client c1; c2
   * writes through the new majority, then c1 reads from the old leader. We do not know which server
   * the seed makes leader first, so each server gets a candidate.
   */
  private static String raftStaleRead(String isolated) {
    String others =
        String.join(
            ",",
            java.util.stream.Stream.of("s1", "s2", "s3")
                .filter(x -> !x.equals(isolated))
                .map(x -> "\"" + x + "\"")
                .toList());
    return "{\"name\": \"raft-r7-stale-read-"
        + isolated
        + "\","
        + " \"description\": \"an old leader cut off with c1 answers a get after a newer write.\","
        + " \"protocol\": \"raft\", \"variant\": \"R7\", \"nodes\": 3, \"clients\": 2,"
        + " \"options\": {\"checkQuorum\": \"false\"},"
        + " \"workload\": {\"script\": [[{\"f\": \"put\", \"key\": \"x\", \"value\": \"c1-1\", \"notBeforeTick\": 150},"
        + "   {\"f\": \"get\", \"key\": \"x\", \"notBeforeTick\": 1100}],"
        + "  [{\"f\": \"put\", \"key\": \"x\", \"value\": \"c2-1\", \"notBeforeTick\": 800}]]},"
        + " \"faults\": [{\"at\": 400, \"type\": \"partition\", \"groups\": [[\""
        + isolated
        + "\", \"c1\"], ["
        + others
        + ", \"c2\"]]},"
        + "  {\"at\": 1800, \"type\": \"heal\"}],"
        + " \"seed\": 1, \"durationTicks\": 2500, \"expect\": \"Linearizability\"}";
  }

  private static final List<String> RAFT_CANDIDATES =
      List.of(raftStaleRead("s1"), raftStaleRead("s2"), raftStaleRead("s3"));

  private static final List<String> PB_CANDIDATES =
      List.of(
          "{\"name\": \"pb-b8-rogue-backup\", \"description\": \"a non-primary executes requests.\","
              + " \"protocol\": \"pb\", \"variant\": \"B8\", \"nodes\": 3, \"clients\": 2,"
              + " \"workload\": {\"ops\": 40, \"keys\": 1, \"mix\": {\"get\": 0.5, \"put\": 0.5}, \"thinkTicks\": 40},"
              + NET
              + " \"faults\": [{\"at\": 500, \"type\": \"isolate\", \"node\": \"s1\"}, {\"at\": 1200, \"type\": \"heal\"},"
              + "  {\"at\": 1600, \"type\": \"crash\", \"node\": \"s2\"}, {\"at\": 2000, \"type\": \"restart\", \"node\": \"s2\"}],"
              + " \"seed\": 1, \"durationTicks\": 3000, \"expect\": \"Linearizability\"}",
          "{\"name\": \"pb-b4-lost-dedup\", \"description\": \"state transfer forgets the at-most-once table.\","
              + " \"protocol\": \"pb\", \"variant\": \"B4\", \"nodes\": 3, \"clients\": 2,"
              + " \"workload\": {\"ops\": 40, \"keys\": 1, \"mix\": {\"append\": 0.7, \"get\": 0.3}, \"thinkTicks\": 30},"
              + NET
              + " \"faults\": [{\"at\": 600, \"type\": \"crash\", \"node\": \"s1\"}, {\"at\": 900, \"type\": \"restart\", \"node\": \"s1\"},"
              + "  {\"at\": 1500, \"type\": \"crash\", \"node\": \"s2\"}, {\"at\": 1800, \"type\": \"restart\", \"node\": \"s2\"}],"
              + " \"seed\": 1, \"durationTicks\": 3000, \"expect\": \"Linearizability\"}");
}
