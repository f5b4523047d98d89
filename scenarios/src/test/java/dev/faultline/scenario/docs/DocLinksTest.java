package dev.faultline.scenario.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md, STYLE.md and docs/ leads somewhere: the file (or folder) exists
 * inside the repository, and an anchor names a heading of the target page.
 */
class DocLinksTest {
  @Test
  void noDeadRelativeLinks() {
    Path root = RepoFiles.root();
    List<Path> docs = DocLinks.markdownFiles();
    assertTrue(docs.size() >= 20, "README.md, STYLE.md and docs/ found: " + docs);
    List<String> dead = new ArrayList<>();
    int links = 0;
    for (Path doc : docs) {
      for (String target : DocLinks.targets(RepoFiles.read(doc))) {
        if (DocLinks.external(target)) {
          continue;
        }
        links++;
        String problem = problem(root, doc, target);
        if (problem != null) {
          dead.add(root.relativize(doc) + ": (" + target + ") " + problem);
        }
      }
    }
    assertTrue(links >= 100, "only " + links + " relative links found: is the parser broken?");
    assertEquals(List.of(), dead, "dead links");
  }

  @Test
  void theCheckerSeesWhatItMustSee() {
    String md =
        "# Top `x`: y\n[a](run.md#c) `[no](list.md)`\n```\n[no](fuzz.md)\n```\n## Top x y\n";
    assertEquals(List.of("run.md#c"), DocLinks.targets(md));
    assertEquals(Set.of("top-x-y", "top-x-y-1"), DocLinks.anchors(md));
    assertEquals(
        "faultline-run-replay-one-scenario", DocLinks.slug("`faultline run`: replay one scenario"));
  }

  /** Why {@code target}, linked from {@code doc}, is dead, or null when it is not. */
  static String problem(Path root, Path doc, String target) {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
    if (!file.startsWith(root)) {
      return "points outside the repository";
    }
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (anchor == null || anchor.isEmpty()) {
      return null;
    }
    if (!file.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    Set<String> anchors = DocLinks.anchors(RepoFiles.read(file));
    return anchors.contains(anchor) ? null : "no heading with anchor #" + anchor + " there";
  }
}
