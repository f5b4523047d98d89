package dev.faultline.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layering of the kernel: the packages directly under {@code dev.faultline.sim} (api, fault,
 * network, world, explore, trace, rand, testing) form no cycle. An edge is any reference from a
 * main source file to another such package: an import, a static import or a fully qualified name
 * (mentions in comments do not count). A cycle means two packages can only be understood (and
 * changed) together.
 */
class PackageCycleTest {
  private static final Path MAIN = Path.of("src/main/java/dev/faultline/sim");
  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.faultline\\.sim\\.([a-z]\\w*)\\.");
  // Comments name packages without depending on them: block comments, and whole-line // comments.
  private static final Pattern COMMENT = Pattern.compile("/\\*[\\s\\S]*?\\*/|(?m)^\\s*//.*$");

  /** Edges allowed to close a cycle, as "file -> package": none today. */
  private static final Set<String> KNOWN_EXCEPTIONS = Set.of();

  /** One reference between two packages, with the file that makes it. */
  record Edge(String from, String to, String file) {
    String key() {
      return file + " -> " + to;
    }
  }

  @Test
  void mainCodeHasNoPackageCycle() {
    List<Edge> edges = new ArrayList<>();
    for (Edge e : referencesUnder(MAIN)) {
      if (!KNOWN_EXCEPTIONS.contains(e.key())) {
        edges.add(e);
      }
    }
    assertTrue(edges.size() > 10, "the scan found almost no references: " + edges);
    List<String> cycles = cycles(edges);
    assertTrue(cycles.isEmpty(), "package cycles in simulator/ main code:\n" + cycles);
  }

  @Test
  void commentsAreNotReferences(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("api"));
    Files.writeString(
        dir.resolve("api/A.java"),
        "package dev.faultline.sim.api;\n"
            + "/** Like {@code dev.faultline.sim.fault.F}. */\n"
            + "// dev.faultline.sim.world.W too\n"
            + "class A { dev.faultline.sim.trace.T t; }\n");
    assertEquals(
        List.of(new Edge("api", "trace", "api/A.java")), referencesUnder(dir), "only the field");
  }

  @Test
  void theCheckFindsACycleAndNamesItsFiles() {
    List<Edge> edges =
        List.of(
            new Edge("api", "fault", "api/A.java"),
            new Edge("fault", "world", "fault/F.java"),
            new Edge("world", "api", "world/W.java"),
            new Edge("trace", "api", "trace/T.java"));
    List<String> cycles = cycles(edges);
    assertEquals(1, cycles.size(), cycles.toString());
    assertTrue(cycles.get(0).startsWith("[api, fault, world]"), cycles.get(0));
    assertTrue(cycles.get(0).contains("fault/F.java -> world"), cycles.get(0));
  }

  /**
   * Each strongly connected set of more than one package, with the references inside it ("[a, b]
   * via a/X.java -> b, b/Y.java -> a").
   */
  static List<String> cycles(List<Edge> edges) {
    Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    for (Edge e : edges) {
      graph.addVertex(e.from());
      graph.addVertex(e.to());
      if (!e.from().equals(e.to())) {
        graph.addEdge(e.from(), e.to());
      }
    }
    List<String> found = new ArrayList<>();
    for (Set<String> component :
        new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets()) {
      if (component.size() < 2) {
        continue;
      }
      TreeSet<String> inside = new TreeSet<>();
      for (Edge e : edges) {
        if (component.contains(e.from())
            && component.contains(e.to())
            && !e.from().equals(e.to())) {
          inside.add(e.key());
        }
      }
      found.add(new TreeSet<>(component) + " via " + String.join(", ", inside));
    }
    found.sort(null);
    return found;
  }

  /**
   * Every cross-package reference in the Java files under {@code root}, one per file and target.
   */
  static List<Edge> referencesUnder(Path root) {
    TreeMap<String, Edge> edges = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        Path relative = root.relativize(file);
        String from = relative.getName(0).toString();
        String code = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
        Matcher m = REFERENCE.matcher(code.substring(code.indexOf(';') + 1));
        while (m.find()) {
          Edge e = new Edge(from, m.group(1), relative.toString().replace('\\', '/'));
          if (!e.from().equals(e.to())) {
            edges.putIfAbsent(e.key(), e);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(edges.values());
  }
}
