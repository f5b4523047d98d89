package dev.faultline.scenario.shrink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.cli.FaultlineCli;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7's shrinking criterion on FIXED fuzz failures: for every bug variant the swarm fuzzer
 * finds, the failing scenario it wrote (src/test/resources/shrink/, workloads written out as
 * scripts so a change to the workload generator cannot move them) shrinks to at most a quarter of
 * its faults + operations, and the shrunk file, run by {@code faultline run}, violates the same
 * property. Prints the before/after table.
 *
 * <p>The default suite shrinks a representative subset (R2, the Figure 8 failure that used to stop
 * at 0.31, plus one failure per checker kind); {@code -Dfl.shrink.all=true} shrinks all 18 fixtures
 * (about a minute of CPU on this 2-core box).
 */
class FuzzFailureShrinkTest {
  private static final boolean ALL = Boolean.getBoolean("fl.shrink.all");

  /** Fixture file and the property its run violates (the fuzz failure's own). */
  private record Fixture(String file, String property, boolean byDefault) {}

  private static final List<Fixture> FIXTURES =
      List.of(
          new Fixture("raft-R1-seed7.json", "LeaderCompleteness", false),
          new Fixture("raft-R2-seed400105.json", "LeaderCompleteness", true),
          // Two more Figure 8 failures, drawn after the swarm gained new fault mixes.
          new Fixture("raft-R2-seed100228.json", "LeaderCompleteness", false),
          new Fixture("raft-R2-seed201050.json", "LeaderCompleteness", false),
          new Fixture("raft-R3-seed100095.json", "ElectionSafety", true),
          new Fixture("raft-R4-seed7.json", "LeaderCompleteness", false),
          new Fixture("raft-R5-seed1.json", "LeaderCompleteness", false),
          new Fixture("raft-R6-seed84.json", "StateMachineSafety", false),
          new Fixture("raft-R7-seed19.json", "Linearizability", true),
          // 5 nodes, racing membership plan with its four aimed faults (RaftSwarm.faults).
          new Fixture("raft-R8-seed1000091.json", "LeaderCompleteness", true),
          new Fixture("pb-B1-seed2.json", "BackupHasAckedWrites", true),
          new Fixture("pb-B2-seed505.json", "Linearizability", false),
          new Fixture("pb-B3-seed3.json", "BackupHasAckedWrites", false),
          new Fixture("pb-B4-seed2.json", "BackupHasAckedWrites", false),
          new Fixture("pb-B5-seed1.json", "NoUnackedViewSkip", true),
          new Fixture("pb-B6-seed18.json", "BackupHasAckedWrites", false),
          new Fixture("pb-B7-seed24.json", "Linearizability", true),
          new Fixture("pb-B8-seed41.json", "Linearizability", false));

  /** The default budget with a generous time bound, so a loaded machine cannot change results. */
  private static final Shrinker.Budget BUDGET =
      new Shrinker.Budget(
          Shrinker.Budget.DEFAULT.maxRuns(),
          1_800_000,
          Shrinker.Budget.DEFAULT.seedAttempts(),
          Shrinker.Budget.DEFAULT.fishSeeds());

  static Scenario fixture(String file) {
    try (InputStream in = FuzzFailureShrinkTest.class.getResourceAsStream("/shrink/" + file)) {
      assertNotNull(in, "missing fixture " + file);
      return new ScenarioReader(dev.faultline.scenario.model.ProtocolRegistry.DEFAULT)
          .parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyFuzzFailureShrinksToAQuarterAndTheShrunkFileStillFails(@TempDir Path dir)
      throws IOException {
    List<String> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    rows.add(
        "| fixture | property | before faults | ops | sum | after faults | ops | sum | ratio"
            + " | shrink s | runs | seed changed |");
    rows.add("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Fixture f : FIXTURES) {
      if (!ALL && !f.byDefault()) {
        continue;
      }
      Scenario original = fixture(f.file());
      ShrinkResult r = new Shrinker(RunOptions.DEFAULT, BUDGET).shrink(original);
      if (r == null) {
        problems.add(f.file() + ": the fixture does not fail any more");
        continue;
      }
      rows.add(
          String.format(
              "| %s | %s | %d | %d | %d | %d | %d | %d | %.3f | %.1f | %d | %s |",
              f.file(),
              r.property(),
              original.faults().size(),
              original.operationCount(),
              r.sizeBefore(),
              r.shrunk().faults().size(),
              r.shrunk().operationCount(),
              r.sizeAfter(),
              r.sizeAfter() / (double) r.sizeBefore(),
              r.elapsedMillis() / 1000.0,
              r.runs(),
              r.shrunk().seed() != original.seed() ? "yes" : "no"));
      if (!f.property().equals(r.property())) {
        problems.add(f.file() + ": the fixture violates " + r.property() + ", not " + f.property());
      }
      if (r.sizeAfter() * 4 > r.sizeBefore()) {
        problems.add(f.file() + ": shrunk to more than a quarter: " + r.summary());
      }
      String replay = replayWithTheCli(r.shrunk(), dir.resolve(f.file()));
      if (!replay.contains("VIOLATED " + f.property() + " ")) {
        problems.add(f.file() + ": `faultline run` of the shrunk file says: " + replay);
      }
    }
    rows.forEach(System.out::println);
    assertEquals(List.of(), problems);
  }

  /** Writes the shrunk scenario and runs it exactly as a user would; returns the CLI's output. */
  private static String replayWithTheCli(Scenario shrunk, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("shrunk.json");
    ScenarioWriter.write(shrunk, file);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        FaultlineCli.execute(
            new String[] {"run", file.toString(), "--out", dir.resolve("run").toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    // The fuzz failure expects "pass", so reproducing the violation is exit 1.
    return "exit " + exit + ": " + out + err;
  }

  @Test
  void withoutTheSeedSearchingPassFigure8StopsAboveAQuarter() {
    // What the fishSeeds pass is for: plain ddmin (+ 2 derived seeds per candidate) ends
    // 1-minimal at 273 -> 84 (0.31) on this R2 failure; with it, 273 -> 32 (the test above).
    Scenario original = fixture("raft-R2-seed400105.json");
    ShrinkResult r =
        new Shrinker(
                RunOptions.DEFAULT,
                new Shrinker.Budget(BUDGET.maxRuns(), BUDGET.maxMillis(), BUDGET.seedAttempts(), 0))
            .shrink(original);
    assertEquals("LeaderCompleteness", r.property());
    assertEquals(null, r.stoppedBy(), r.summary());
    assertTrue(r.sizeAfter() * 4 > r.sizeBefore(), r.summary());
    System.out.println("R2 without the seed-searching pass: " + r.summary());
  }

  @Test
  void shrinkingIsDeterministic() {
    // R2's shrink changes seeds (its seed-searching pass takes 273 -> 84 down to 32), so this pins
    // that every seed the shrinker tries is derived from the input, never drawn. (It used pb B2's
    // seed-1195 fixture until that fixture stopped failing on 2026-12-07; the shrink of its
    // replacement, seed 505, keeps its seed, so it cannot show this.)
    for (String file : List.of("raft-R2-seed400105.json")) {
      Scenario original = fixture(file);
      ShrinkResult a = new Shrinker(RunOptions.DEFAULT, BUDGET).shrink(original);
      ShrinkResult b = new Shrinker(RunOptions.DEFAULT, BUDGET).shrink(fixture(file));
      assertNotEquals(original.seed(), a.shrunk().seed(), file + ": no seed search happened");
      assertEquals(ScenarioWriter.toJson(a.shrunk()), ScenarioWriter.toJson(b.shrunk()), file);
      assertEquals(a.runs(), b.runs(), file);
      assertTrue(ScenarioRunner.run(a.shrunk()).failed(), file);
    }
  }
}
