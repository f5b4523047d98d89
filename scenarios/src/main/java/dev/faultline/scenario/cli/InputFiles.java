package dev.faultline.scenario.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files named on a command line: each file as given, each directory as the files under it whose
 * names end in one of the extensions, sorted by path so a batch runs in the same order everywhere.
 */
final class InputFiles {
  private InputFiles() {}

  static List<Path> expand(List<Path> args, List<String> extensions) {
    List<Path> out = new ArrayList<>();
    for (Path p : args) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          List<Path> found =
              walk.filter(Files::isRegularFile)
                  .filter(f -> matches(f, extensions))
                  .sorted()
                  .toList();
          if (found.isEmpty()) {
            throw UserError.at(
                p.toString(),
                0,
                "no " + String.join(", ", extensions) + " files under this directory");
          }
          out.addAll(found);
        } catch (IOException e) {
          throw new UserError(OutputPaths.describe(e));
        }
      } else if (!Files.exists(p)) {
        throw UserError.at(p.toString(), 0, "no such file");
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean matches(Path f, List<String> extensions) {
    String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return extensions.stream().anyMatch(name::endsWith);
  }

  /**
   * The worst of several exit codes: bad input, then nondeterminism, a violation, inconclusive, and
   * success last.
   */
  static int worst(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    return switch (code) {
      case ExitCodes.OK -> 0;
      case ExitCodes.INCONCLUSIVE -> 1;
      case ExitCodes.VIOLATION -> 2;
      case ExitCodes.NONDETERMINISM -> 3;
      default -> 4;
    };
  }
}
