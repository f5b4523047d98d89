package dev.faultline.scenario.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bug-variant catalogue a user reads stays the one the code has: every protocol shipped in
 * {@code dev.faultline.protocols} has a page under docs/protocols/ named after it, with one table
 * row per bug variant (and none for a variant that no longer exists), and every library scenario a
 * page names exists.
 */
class ProtocolPagesTest {
  private static final Pattern VARIANT_ROW = Pattern.compile("(?m)^\\| ([A-Z][A-Za-z0-9]*) \\|");
  private static final Pattern LIBRARY_FILE = Pattern.compile("`([a-z0-9-]+)(\\.json)?`");

  @Test
  void everyShippedProtocolHasAPageListingEachVariant() {
    Path pages = RepoFiles.root().resolve("docs/protocols");
    int checked = 0;
    for (ClusterSpec spec : ProtocolRegistry.DEFAULT.all()) {
      if (!spec.getClass().getName().startsWith("dev.faultline.protocols.")) {
        continue; // a test's or a user's own protocol
      }
      Path page = pages.resolve(spec.name() + ".md");
      assertTrue(Files.isRegularFile(page), spec.name() + " has no page " + page);
      List<String> ids = spec.variants().stream().map(BugVariant::id).toList();
      assertEquals(ids, rows(RepoFiles.read(page)), page + ": one table row per variant, in order");
      checked++;
    }
    assertTrue(checked >= 2, "raft and pb at least; checked " + checked);
  }

  @Test
  void everyLibraryScenarioAPageNamesExists() {
    Path root = RepoFiles.root();
    List<String> missing = new ArrayList<>();
    for (String protocol : List.of("raft", "pb")) {
      String page = RepoFiles.read(root.resolve("docs/protocols/" + protocol + ".md"));
      Matcher m = LIBRARY_FILE.matcher(page);
      while (m.find()) {
        String name = m.group(1);
        boolean looksLikeFile = m.group(2) != null || name.startsWith(protocol + "-");
        Path file = root.resolve("scenarios/library/" + protocol + "/" + name + ".json");
        if (looksLikeFile && !Files.isRegularFile(file)) {
          missing.add(protocol + ".md names " + name);
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  /**
   * The first cells of the table rows that look like variant ids (R1, B6, ...), in order, in the
   * page's "Bug variants" section (other tables may have rows such as invariant A1).
   */
  static List<String> rows(String page) {
    int start = page.indexOf("\n## Bug variants");
    assertTrue(start >= 0, "the page has no '## Bug variants' section");
    int end = page.indexOf("\n## ", start + 1);
    String section = end < 0 ? page.substring(start) : page.substring(start, end);
    List<String> ids = new ArrayList<>();
    Matcher m = VARIANT_ROW.matcher(section);
    while (m.find()) {
      if (m.group(1).matches("[A-Z]+[0-9]+")) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }
}
