package dev.faultline.scenario.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scenario library: {@code scenarios/library/<protocol>/<name>.json} under the Faultline home
 * (system property {@code faultline.home}, set by the launcher; else the working directory).
 */
public final class Library {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One library file, summarized without full validation (so a broken file is still listed). */
  public record Entry(
      String protocol, Path file, String variant, String expect, String description) {}

  private Library() {}

  public static Path root() {
    String home = System.getProperty("faultline.home");
    return (home != null ? Path.of(home) : Path.of("")).resolve("scenarios").resolve("library");
  }

  /** Every *.json file under {@code root}, sorted by path. */
  public static List<Path> files(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  public static List<Entry> entries(Path root) {
    List<Entry> out = new ArrayList<>();
    for (Path f : files(root)) {
      String protocol =
          root.relativize(f).getNameCount() > 1 ? root.relativize(f).getName(0).toString() : "?";
      try {
        JsonNode n = MAPPER.readTree(f.toFile());
        out.add(
            new Entry(protocol, f, text(n, "variant"), text(n, "expect"), text(n, "description")));
      } catch (IOException e) {
        out.add(
            new Entry(
                protocol,
                f,
                null,
                null,
                "(unreadable: " + e.getMessage().lines().findFirst().orElse("") + ")"));
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
