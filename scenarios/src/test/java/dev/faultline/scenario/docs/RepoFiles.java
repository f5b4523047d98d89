package dev.faultline.scenario.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the repository root from wherever the tests run (Maven runs them with the module folder as
 * the working directory, an IDE often with the root) and lists its files, skipping build output.
 */
final class RepoFiles {
  private RepoFiles() {}

  /** The nearest folder, from the working directory up, that holds both mvnw and README.md. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mvnw")) && Files.isRegularFile(d.resolve("README.md"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root (mvnw + README.md) above " + dir);
  }

  /** Every regular file under the root, sorted, outside .git, target and out folders. */
  static List<Path> all() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !skipped(root.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.equals(".git")
          || name.equals("target")
          || name.startsWith("target-")
          || name.equals("out")
          || name.equals("node_modules")) {
        return true;
      }
    }
    return false;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
