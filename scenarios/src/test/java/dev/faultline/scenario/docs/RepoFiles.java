package dev.faultline.scenario.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

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
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && skipped(dir.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    return files;
  }

  /** Build output, version control and tool folders: not the repository's own files. */
  private static boolean skipped(String folder) {
    return folder.equals(".git")
        || folder.equals("target")
        || folder.startsWith("target-")
        || folder.equals("out")
        || folder.equals("node_modules");
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
