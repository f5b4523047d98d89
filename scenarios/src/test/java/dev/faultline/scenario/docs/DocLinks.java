package dev.faultline.scenario.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Markdown the way GitHub renders it, as far as links and heading anchors go. */
final class DocLinks {
  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```\\s*$");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
  private static final Pattern INLINE_LINK =
      Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern REFERENCE_LINK =
      Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+\\]:\\s+(\\S+)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  private DocLinks() {}

  /** README.md, STYLE.md and every Markdown file under docs/, sorted. */
  static List<Path> markdownFiles() {
    Path root = RepoFiles.root();
    List<Path> files = new ArrayList<>();
    for (Path p : RepoFiles.all()) {
      Path rel = root.relativize(p);
      String name = rel.toString().replace('\\', '/');
      if (name.equals("README.md")
          || name.equals("STYLE.md")
          || (name.startsWith("docs/") && name.endsWith(".md"))) {
        files.add(p);
      }
    }
    return files;
  }

  /** Text with fenced code blocks and inline code spans blanked out (links there are examples). */
  static String prose(String markdown) {
    return CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
  }

  /** Every link target in the prose: inline {@code [x](target)} and reference definitions. */
  static List<String> targets(String markdown) {
    String text = prose(markdown);
    List<String> out = new ArrayList<>();
    for (Pattern p : List.of(INLINE_LINK, REFERENCE_LINK)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** The anchors GitHub gives the headings of {@code markdown} (duplicates get -1, -2, ...). */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
    while (m.find()) {
      String slug = slug(m.group(1));
      String unique = slug;
      for (int i = 1; anchors.contains(unique); i++) {
        unique = slug + "-" + i;
      }
      anchors.add(unique);
    }
    return anchors;
  }

  /** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1"); // a link's text only
    StringBuilder b = new StringBuilder();
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        b.append(c);
      } else if (c == ' ') {
        b.append('-');
      }
    }
    return b.toString();
  }

  static boolean external(String target) {
    return target.matches("(?i)^[a-z][a-z0-9+.-]*:.*"); // http:, https:, mailto:, ...
  }
}
