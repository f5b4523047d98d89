package dev.faultline.scenario.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.scenario.io.Library;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The library convention for bug scenarios, one for every protocol: a file that runs a bug variant
 * has a TWIN file in the same folder that runs the correct protocol on the very same schedule
 * (cluster, options, workload, network, faults, seed, durations): the two differ only in name,
 * description, variant and expect. The twin is found by content, not by name.
 *
 * <p>Why twin files rather than stripping the variant at run time: the correct protocol's outcome
 * on a bug's schedule is not always "pass" (primary/backup's B5 schedule leaves the correct design
 * stuck in a declared progress limit: Liveness, no safety violation), and the twin's own
 * description says why the correct protocol survives, which a user reads in {@code faultline list}.
 */
final class LibraryTwins {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LibraryTwins() {}

  /** {@code scenarios/library/<protocol>/} (Maven runs tests in the module directory). */
  static Path folder(String protocol) {
    Path here = Path.of("library");
    Path root = Files.isDirectory(here) ? here : Path.of("scenarios", "library");
    return root.resolve(protocol);
  }

  static List<Path> files(String protocol) {
    Path folder = folder(protocol);
    return Files.isDirectory(folder) ? Library.files(folder) : List.of();
  }

  static JsonNode read(Path f) {
    try {
      return JSON.readTree(f.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String variant(JsonNode n) {
    return n.hasNonNull("variant") ? n.get("variant").asText() : null;
  }

  /** Everything but name, description, variant and expect: what must match between twins. */
  static JsonNode schedule(JsonNode n) {
    ObjectNode c = n.deepCopy();
    c.remove(List.of("name", "description", "variant", "expect"));
    return c;
  }

  /** The correct-protocol file with {@code bug}'s schedule, or null. */
  static Path twinOf(Path bug, List<Path> files) {
    JsonNode want = schedule(read(bug));
    for (Path f : files) {
      JsonNode n = read(f);
      if (variant(n) == null && schedule(n).equals(want)) {
        return f;
      }
    }
    return null;
  }
}
