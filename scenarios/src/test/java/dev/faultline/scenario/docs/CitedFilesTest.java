package dev.faultline.scenario.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository cites only what it contains: every Markdown file name mentioned in a source file,
 * script, build file, document or the CLI's {@code --help} text names a file that exists in the
 * repository, and no text refers to the project brief (a document that was never part of it).
 * Instead of pointing at a missing document, name the property, describe the bug, or link a page
 * under docs/.
 */
class CitedFilesTest {
  private static final Pattern MD_NAME = Pattern.compile("([A-Za-z0-9_.-]*[A-Za-z0-9_-])\\.md\\b");

  /** Spelled in two parts so that this file does not cite it itself. */
  private static final Pattern PROJECT_BRIEF = Pattern.compile("\\bBRI" + "EF\\b");

  /**
   * Files that live outside the repository on purpose, each with the reason. Only data a test reads
   * at run time belongs here, never a document.
   */
  private static final Map<String, String> EXTERNAL_DATA =
      Map.of(
          "EXPECTED.md",
          "the verdict list of Porcupine's history data set, read by the checker's tests");

  private static final Set<String> TEXT_EXTENSIONS =
      Set.of(
          "java",
          "md",
          "sh",
          "xml",
          "json",
          "txt",
          "yml",
          "yaml",
          "properties",
          "js",
          "html",
          "css",
          "cmd");

  @Test
  void everyCitedMarkdownFileExists() {
    Path root = RepoFiles.root();
    Set<String> present = new TreeSet<>();
    for (Path p : RepoFiles.all()) {
      present.add(p.getFileName().toString());
    }
    List<String> missing = new ArrayList<>();
    int scanned = 0;
    for (Path p : RepoFiles.all()) {
      if (text(p)) {
        scanned++;
        missing.addAll(problems(root.relativize(p).toString(), RepoFiles.read(p), present));
      }
    }
    missing.addAll(problems("faultline --help", CliReferenceTest.page(), present));
    assertTrue(scanned > 200, "only " + scanned + " text files scanned: is the root right?");
    assertEquals(List.of(), missing, "citations of files the repository does not contain");
  }

  @Test
  void theScannerCatchesWhatItMust() {
    Set<String> present = Set.of("README.md");
    String md = ".md";
    String text =
        "see README"
            + md
            + ", DESIGN"
            + md
            + " section 6, BUGS"
            + md
            + " and the BRI"
            + "EF; *"
            + md;
    List<String> found = problems("x.java", text, present);
    assertEquals(3, found.size(), found.toString());
  }

  static List<String> problems(String where, String text, Set<String> present) {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MD_NAME.matcher(lines[i]);
      while (m.find()) {
        String name = m.group(1).replaceAll(".*/", "") + ".md";
        if (!present.contains(name) && !EXTERNAL_DATA.containsKey(name)) {
          out.add(where + ":" + (i + 1) + ": " + name);
        }
      }
      if (PROJECT_BRIEF.matcher(lines[i]).find()) {
        out.add(where + ":" + (i + 1) + ": the project brief");
      }
    }
    return out;
  }

  private static boolean text(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      return TEXT_EXTENSIONS.contains(name.substring(dot + 1));
    }
    try { // no extension: scripts such as faultline and mvnw are text, anything with a NUL is not
      for (byte b : java.nio.file.Files.readAllBytes(p)) {
        if (b == 0) {
          return false;
        }
      }
      return dot < 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
