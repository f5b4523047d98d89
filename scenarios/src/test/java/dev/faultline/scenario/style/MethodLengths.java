package dev.faultline.scenario.style;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds methods and constructors longer than a limit in google-java-format'd sources (the same
 * heuristic as {@code build/long-methods.py}, not a parser): a declaration starts at indentation n
 * with an identifier followed by '(' and is not a control statement, lambda, type declaration or
 * field initializer; it ends at the first line that is exactly n spaces and '}'. Length counts the
 * declaration line through the closing brace.
 */
final class MethodLengths {
  /** The project's limit on a method's length, in lines. */
  static final int LIMIT_LINES = 70;

  private static final Pattern CONTROL =
      Pattern.compile(
          "^(if|for|while|switch|try|catch|else|do|synchronized|return|new|throw|case|yield|super"
              + "|this)\\b");
  private static final Pattern DECLARATION =
      Pattern.compile(
          "^((public|private|protected|static|final|abstract|default|synchronized|native"
              + "|@\\w+(\\([^)]*\\))?)\\s+)*(<[^>]+>\\s+)?([\\w.$]+(<.*>)?(\\[\\])*\\s+)?[\\w$]+\\s*\\(");
  private static final Pattern TYPE = Pattern.compile("\\b(record|class|interface|enum)\\s");
  private static final Pattern NAME = Pattern.compile("([\\w$]+)\\s*\\(");

  private MethodLengths() {}

  /** One method over the limit: its file (relative, '/'-separated), first line (1-based), name. */
  record LongMethod(String file, int line, String name, int lengthLines) {
    String key() {
      return file + "#" + name;
    }

    @Override
    public String toString() {
      return lengthLines + " lines  " + file + ":" + line + "  " + name;
    }
  }

  /** The modules of a repository: its direct subdirectories that have {@code src/main/java}. */
  static List<Path> mainSourceRoots(Path repoRoot) {
    try (Stream<Path> dirs = Files.list(repoRoot)) {
      return dirs.map(d -> d.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every method over {@code limitLines} in the .java files under {@code dir}, in file order. */
  static List<LongMethod> over(Path repoRoot, Path dir, int limitLines) {
    List<LongMethod> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String rel = repoRoot.relativize(f).toString().replace('\\', '/');
        List<String> lines = List.of(Files.readString(f, StandardCharsets.UTF_8).split("\n", -1));
        found.addAll(over(rel, lines, limitLines));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** Every method over {@code limitLines} in one file's lines. */
  static List<LongMethod> over(String file, List<String> lines, int limitLines) {
    List<LongMethod> found = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      String l = lines.get(i);
      String s = l.stripLeading();
      int indent = l.length() - s.length();
      int open = i;
      if (isDeclaration(s)) {
        while (open < lines.size()
            && !endsWith(lines.get(open), "{")
            && !endsWith(lines.get(open), ";")) {
          open++;
        }
      }
      if (isDeclaration(s)
          && open < lines.size()
          && endsWith(lines.get(open), "{")
          && !String.join("", lines.subList(i, open + 1)).contains("->")) {
        String end = " ".repeat(indent) + "}";
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).stripTrailing().equals(end)) {
          close++;
        }
        int length = close - i + 1;
        if (length > limitLines && close < lines.size()) {
          Matcher m = NAME.matcher(s);
          m.find();
          found.add(new LongMethod(file, i + 1, m.group(1), length));
        }
        i = open + 1;
        continue;
      }
      i++;
    }
    return found;
  }

  private static boolean isDeclaration(String s) {
    String head = s.split("\\(", -1)[0];
    return !s.isEmpty()
        && DECLARATION.matcher(s).lookingAt()
        && !CONTROL.matcher(s).lookingAt()
        && !head.contains("=")
        && !s.startsWith("@")
        && !TYPE.matcher(head).find();
  }

  private static boolean endsWith(String line, String suffix) {
    return line.stripTrailing().endsWith(suffix);
  }
}
