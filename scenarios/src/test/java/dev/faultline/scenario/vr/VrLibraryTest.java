package dev.faultline.scenario.vr;

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
 * The VR scenario library through the real runner (the Raft library's convention): each bug file
 * breaks exactly the property it expects, and the same schedule with the variant removed passes,
 * safety and liveness both. Same file twice gives the same trace hash.
 */
class VrLibraryTest {
  static Path vrLibrary() {
    Path here = Path.of("library", "vr");
    return Files.isDirectory(here) ? here : Path.of("scenarios", "library", "vr");
  }

  static List<Path> files() {
    return Library.files(vrLibrary());
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
                      ScenarioResult r = ScenarioRunner.run(ScenarioReader.read(f));
                      assertTrue(r.expectationMet(), Verdicts.paragraph(r, "./faultline run " + f));
                    }));
  }

  @TestFactory
  Stream<DynamicTest> correctVrPassesEveryBugSchedule() {
    return files().stream()
        .filter(f -> ScenarioReader.read(f).variant() != null)
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName() + " without its variant",
                    () -> {
                      ScenarioResult r = ScenarioRunner.run(withoutVariant(ScenarioReader.read(f)));
                      assertTrue(
                          r.expectationMet(), Verdicts.paragraph(r, "(variant removed) " + f));
                    }));
  }

  @Test
  void everyVariantHasAScenario() {
    List<String> variants =
        files().stream().map(ScenarioReader::read).map(Scenario::variant).distinct().toList();
    for (String id : VrSwarmTest.LIBRARY_VARIANTS) {
      assertTrue(variants.contains(id), "no library scenario for " + id);
    }
  }

  @Test
  void sameFileSameTrace() {
    Scenario s = ScenarioReader.read(vrLibrary().resolve("v8-eager-view-adoption.json"));
    ScenarioResult a = ScenarioRunner.run(s, RunOptions.DEFAULT.withHashTrace(true));
    ScenarioResult b = ScenarioRunner.run(s, RunOptions.DEFAULT.withHashTrace(true));
    assertNotNull(a.traceSha256());
    assertEquals(a.traceSha256(), b.traceSha256());
    ScenarioResult other =
        ScenarioRunner.run(s.withSeed(2), RunOptions.DEFAULT.withHashTrace(true));
    assertTrue(!a.traceSha256().equals(other.traceSha256()), "another seed, another trace");
  }
}
