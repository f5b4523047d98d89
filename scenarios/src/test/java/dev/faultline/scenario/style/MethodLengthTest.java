package dev.faultline.scenario.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No method in any module's main code is longer than {@value MethodLengths#LIMIT_LINES} lines
 * (declaration through closing brace): a new protocol with a 100-line handler fails here, naming
 * the method. Every module is scanned, including ones added later (any top-level directory with
 * {@code src/main/java}).
 */
class MethodLengthTest {
  /**
   * Methods still over the limit, as "file#method", each pending a split by its owner. Do not add
   * to this list: shorten the method instead. An entry whose method is no longer long fails the
   * test, so the list only shrinks.
   */
  private static final Set<String> PENDING = Set.of();

  @Test
  void noMainMethodIsOverTheLimit() {
    Path root = repoRoot();
    List<Path> modules = MethodLengths.mainSourceRoots(root);
    Set<String> names = new TreeSet<>();
    modules.forEach(m -> names.add(root.relativize(m).getName(0).toString()));
    assertTrue(
        names.containsAll(Set.of("simulator", "protocols", "checkers", "reports", "scenarios")),
        "the scan missed modules; found " + names + " under " + root);
    List<String> tooLong = new ArrayList<>();
    Set<String> stillLong = new TreeSet<>();
    for (Path module : modules) {
      for (MethodLengths.LongMethod m :
          MethodLengths.over(root, module, MethodLengths.LIMIT_LINES)) {
        if (PENDING.contains(m.key())) {
          stillLong.add(m.key());
        } else {
          tooLong.add(m.toString());
        }
      }
    }
    assertTrue(
        tooLong.isEmpty(),
        "methods over "
            + MethodLengths.LIMIT_LINES
            + " lines in main code (split them along their natural seams):\n  "
            + String.join("\n  ", tooLong));
    Set<String> stale = new TreeSet<>(PENDING);
    stale.removeAll(stillLong);
    assertTrue(stale.isEmpty(), "no longer over the limit, remove from PENDING: " + stale);
  }

  @Test
  void aMethodOverTheLimitIsFoundAndOneAtTheLimitIsNot() {
    List<String> lines = new ArrayList<>();
    lines.add("final class Handlers {");
    lines.addAll(method("  void onLongRequest(Request r, Out out) {", 71));
    lines.addAll(method("  private static int atLimit() {", 70));
    lines.addAll(method("  Handlers(int n) {", 72));
    lines.add("}");
    List<MethodLengths.LongMethod> found = MethodLengths.over("Handlers.java", lines, 70);
    assertEquals(
        List.of(
            new MethodLengths.LongMethod("Handlers.java", 2, "onLongRequest", 71),
            new MethodLengths.LongMethod("Handlers.java", 143, "Handlers", 72)),
        found);
  }

  @Test
  void lambdasControlStatementsAndMultiLineSignaturesAreHandled() {
    List<String> lines = new ArrayList<>();
    lines.add("final class C {");
    lines.add("  void caller() {");
    lines.add("    if (x) {"); // a control statement is no declaration
    lines.add("    }");
    lines.add("    run(() -> {"); // a lambda is part of the method around it
    lines.addAll(body(80));
    lines.add("    });");
    lines.add("  }");
    lines.add("  private String wrapped(");
    lines.add("      int a,");
    lines.add("      int b) {");
    lines.addAll(body(70));
    lines.add("  }");
    lines.add("}");
    List<MethodLengths.LongMethod> found = MethodLengths.over("C.java", lines, 70);
    assertEquals(2, found.size(), found.toString());
    assertEquals("caller", found.get(0).name());
    assertEquals(86, found.get(0).lengthLines());
    assertEquals("wrapped", found.get(1).name());
    assertEquals(74, found.get(1).lengthLines());
  }

  @Test
  void aNewModuleWithALongHandlerIsScanned(@TempDir Path repo) throws IOException {
    Path pkg = repo.resolve("protocols-new/src/main/java/p");
    Files.createDirectories(pkg);
    List<String> lines = new ArrayList<>();
    lines.add("package p;");
    lines.add("final class Node {");
    lines.addAll(method("  void onPrepare(Prepare m) {", 100));
    lines.add("}");
    Files.write(pkg.resolve("Node.java"), lines);
    Files.createDirectories(repo.resolve("docs"));
    List<Path> roots = MethodLengths.mainSourceRoots(repo);
    assertEquals(List.of(repo.resolve("protocols-new/src/main/java")), roots);
    List<MethodLengths.LongMethod> found = MethodLengths.over(repo, roots.get(0), 70);
    assertEquals(1, found.size(), found.toString());
    assertEquals("protocols-new/src/main/java/p/Node.java#onPrepare", found.get(0).key());
  }

  /** A method of {@code totalLines} lines: the declaration, a body, the closing brace. */
  private static List<String> method(String declaration, int totalLines) {
    List<String> lines = new ArrayList<>();
    lines.add(declaration);
    lines.addAll(body(totalLines - 2));
    lines.add("  }");
    return lines;
  }

  private static List<String> body(int n) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add("    step(" + i + ");");
    }
    return lines;
  }

  /**
   * The repository's root, found from the working directory (Maven runs tests in the module's
   * directory; an IDE may use the root): the nearest directory at or above it with the Maven
   * wrapper and a scenarios module.
   */
  private static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw"))
          && Files.isRegularFile(p.resolve("pom.xml"))
          && Files.isDirectory(p.resolve("scenarios/src/main/java"))) {
        return p;
      }
    }
    throw new AssertionError("no repository root above " + Path.of("").toAbsolutePath());
  }
}
