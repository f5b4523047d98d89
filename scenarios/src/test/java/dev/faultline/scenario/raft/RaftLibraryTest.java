package dev.faultline.scenario.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Raft scenario library through the real runner: each bug file breaks exactly the property it
 * expects, and the SAME schedule with the variant removed passes (the fix is proven on the very
 * schedule that shows the bug). Also: same file twice gives the same trace hash.
 */
class RaftLibraryTest {
  static Path raftLibrary() {
    Path here = Path.of("library", "raft");
    return Files.isDirectory(here) ? here : Path.of("scenarios", "library", "raft");
  }

  static List<Path> files() {
    return Library.files(raftLibrary());
  }

  static Scenario withoutVariant(Scenario s) {
    return s.withName(s.name() + "-correct", s.description())
        .withVariant(null)
        .withExpect(Scenario.PASS);
  }

  @TestFactory
  Stream<DynamicTest> eachFileMeetsItsExpectation() {
    return files().stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      Scenario s = ScenarioReader.read(f);
                      ScenarioResult r = ScenarioRunner.run(s);
                      assertTrue(r.expectationMet(), Verdicts.paragraph(r, "./faultline run " + f));
                    }));
  }

  @TestFactory
  Stream<DynamicTest> correctRaftPassesEveryBugSchedule() {
    return files().stream()
        .map(f -> new Object[] {f, ScenarioReader.read(f)})
        .filter(p -> ((Scenario) p[1]).variant() != null)
        .map(
            p ->
                DynamicTest.dynamicTest(
                    ((Path) p[0]).getFileName() + " without its variant",
                    () -> {
                      ScenarioResult r = ScenarioRunner.run(withoutVariant((Scenario) p[1]));
                      assertTrue(
                          r.expectationMet(), Verdicts.paragraph(r, "(variant removed) " + p[0]));
                    }));
  }

  @Test
  void everyVariantHasAScenario() {
    List<String> variants =
        files().stream().map(ScenarioReader::read).map(Scenario::variant).distinct().toList();
    for (String id : List.of("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8")) {
      assertTrue(variants.contains(id), "no library scenario for " + id);
    }
  }

  @Test
  void sameFileSameTrace() {
    Path f = files().get(0);
    Scenario s = ScenarioReader.read(f);
    ScenarioResult a = ScenarioRunner.run(s, RunOptions.DEFAULT.withHashTrace(true));
    ScenarioResult b = ScenarioRunner.run(s, RunOptions.DEFAULT.withHashTrace(true));
    assertNotNull(a.traceSha256());
    assertEquals(a.traceSha256(), b.traceSha256());
  }
}
