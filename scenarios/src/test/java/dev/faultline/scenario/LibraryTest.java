package dev.faultline.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.io.Library;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every file of the scenario library ({@code scenarios/library/<protocol>/*.json}) and checks
 * that its {@code expect} happens: each file is a regression test.
 */
class LibraryTest {
  /** Maven runs tests in the module directory; the library is beside src/. */
  static Path libraryRoot() {
    Path here = Path.of("library");
    return Files.isDirectory(here) ? here : Path.of("scenarios", "library");
  }

  @TestFactory
  Stream<DynamicTest> everyLibraryScenarioMeetsItsExpectation() {
    List<Path> files = Library.files(libraryRoot());
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    libraryRoot().relativize(f).toString(),
                    () -> {
                      Scenario s;
                      try {
                        s = ScenarioReader.read(f);
                      } catch (UserError e) {
                        fail("invalid scenario file: " + e.getMessage());
                        return;
                      }
                      ScenarioResult r = ScenarioRunner.run(s);
                      assertTrue(r.expectationMet(), Verdicts.paragraph(r, "./faultline run " + f));
                    }));
  }
}
