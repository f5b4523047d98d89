package dev.faultline.scenario.mutation;

import dev.faultline.scenario.io.Library;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The planted-bug leg of a mutation run: every library scenario of a protocol that runs one of its
 * bug variants and expects a violation must still end in that violation, with that property. A bug
 * variant exists to prove a check can fail; a mutant of the judges' wiring (a spec that hands the
 * runner fewer invariants) or of a variant's guard line (its {@code bug == X} made false) cannot
 * fail a correct-protocol campaign, but it breaks this. See docs/guides/mutation.md, "The
 * planted-bug leg".
 */
final class PlantedBugs {
  private PlantedBugs() {}

  /** {@code scenarios/library} (the working directory is the module's or the repository's). */
  static Path libraryRoot() {
    String dir = System.getProperty("fl.mutation.library");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    Path here = Path.of("library");
    return Files.isDirectory(here) ? here : Path.of("scenarios", "library");
  }

  /** The library files under {@code root/protocol} that run a variant and expect a violation. */
  static List<Path> scenarios(Path root, String protocol) {
    List<Path> out = new ArrayList<>();
    for (Library.Entry e : Library.entries(root.resolve(protocol))) {
      if (e.variant() != null && e.expect() != null && !Scenario.PASS.equals(e.expect())) {
        out.add(e.file());
      }
    }
    return out;
  }

  /**
   * One line per planted bug no longer caught: a scenario that does not end in its expected
   * violation (or cannot be read or run), or a variant of {@code spec} no scenario plants. Empty
   * when every planted bug is still caught.
   */
  static List<String> missed(Path root, ClusterSpec spec) {
    List<String> misses = new ArrayList<>();
    TreeSet<String> planted = new TreeSet<>();
    for (Path f : scenarios(root, spec.name())) {
      String name = f.getFileName().toString();
      try {
        Scenario s = ScenarioReader.read(f);
        planted.add(s.variant());
        ScenarioResult r = ScenarioRunner.run(s);
        if (!r.expectationMet()) {
          misses.add(
              name + " (" + s.variant() + "): expected " + s.expect() + ", got " + outcome(r));
        }
      } catch (RuntimeException e) {
        misses.add(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    for (BugVariant v : spec.variants()) {
      if (!planted.contains(v.id())) {
        misses.add(v.id() + ": no library scenario of " + spec.name() + " plants it");
      }
    }
    return misses;
  }

  private static String outcome(ScenarioResult r) {
    return r.property() == null ? r.verdict().toString() : r.verdict() + " " + r.property();
  }
}
