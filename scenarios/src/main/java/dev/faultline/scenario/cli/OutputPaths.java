package dev.faultline.scenario.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Output paths are checked before any work starts (a campaign must not run for minutes and then
 * lose what it found to a typo in {@code --out}), and every I/O failure becomes one line naming the
 * path and the problem.
 */
public final class OutputPaths {
  private OutputPaths() {}

  /** {@code dir} is (or can be made) a directory we can write files into. */
  public static void requireDirectory(String flag, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserError(label(flag, dir) + "exists and is not a directory");
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".faultline-probe", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new UserError(label(flag, dir) + "cannot write here: " + problem(e));
    }
  }

  /** {@code file} can be written (its directory made); an existing file would be replaced. */
  public static void requireFile(String flag, Path file) {
    if (Files.isDirectory(file)) {
      throw new UserError(label(flag, file) + "is a directory, expected a file");
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        if (Files.exists(parent) && !Files.isDirectory(parent)) {
          throw new UserError(label(flag, file) + parent + " is not a directory");
        }
        Files.createDirectories(parent);
      }
      if (Files.exists(file)) {
        try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
          // opened for writing and closed untouched
        }
      } else {
        Files.createFile(file);
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UserError(label(flag, file) + "cannot write: " + problem(e));
    }
  }

  /** A failed file operation as one line: "path: problem". */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return f.getFile() + ": " + problem(e);
    }
    return problem(e);
  }

  /** The one-line message of an I/O failure, or null when {@code t} is not one. */
  public static String describeIfIo(Throwable t) {
    if (t instanceof UncheckedIOException u) {
      return describe(u.getCause());
    }
    if (t instanceof IOException e) {
      return describe(e);
    }
    return null;
  }

  static String problem(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason().toLowerCase(java.util.Locale.ROOT) : "I/O error";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String label(String flag, Path p) {
    return (flag == null ? "" : flag + " ") + p + ": ";
  }
}
