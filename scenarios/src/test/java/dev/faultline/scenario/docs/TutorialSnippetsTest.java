package dev.faultline.scenario.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Code in the docs is quoted from compiled sources, never retyped. A quote is a fenced block right
 * after {@code <!-- snippet: PATH#TAG -->} (PATH from the repository root; TAG names the region
 * between {@code // tag::TAG[]} and {@code // end::TAG[]}; no TAG quotes the whole file). This test
 * fails when a quote and its source differ, and rewrites the quotes with {@code
 * -Dfl.docs.writeSnippets=true}.
 */
class TutorialSnippetsTest {
  static final Pattern QUOTE =
      Pattern.compile(
          "<!-- snippet: ([^ #]+)(?:#([\\w-]+))? -->\\n```(\\w*)\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyQuoteMatchesItsSource() throws IOException {
    Path root = RepoFiles.root();
    int quotes = 0;
    List<String> stale = new ArrayList<>();
    for (Path doc : DocLinks.markdownFiles()) {
      String text = Files.readString(doc);
      Matcher m = QUOTE.matcher(text);
      StringBuilder rewritten = new StringBuilder();
      while (m.find()) {
        quotes++;
        String expected = region(root.resolve(m.group(1)), m.group(2));
        if (!expected.equals(m.group(4))) {
          stale.add(root.relativize(doc) + ": " + m.group(1) + "#" + m.group(2));
        }
        String fresh =
            "<!-- snippet: "
                + m.group(1)
                + (m.group(2) == null ? "" : "#" + m.group(2))
                + " -->\n```"
                + m.group(3)
                + "\n"
                + expected
                + "```";
        m.appendReplacement(rewritten, Matcher.quoteReplacement(fresh));
      }
      m.appendTail(rewritten);
      if (Boolean.getBoolean("fl.docs.writeSnippets")) {
        Files.writeString(doc, rewritten.toString());
      }
    }
    assertTrue(quotes >= 10, "the tutorial quotes its code; found only " + quotes + " quotes");
    assertEquals(
        List.of(),
        stale,
        "quotes differ from their source; rewrite them with -Dfl.docs.writeSnippets=true");
  }

  /** The lines between the tag markers (markers of nested regions dropped), dedented. */
  static String region(Path source, String tag) throws IOException {
    assertTrue(Files.isRegularFile(source), "snippet source missing: " + source);
    List<String> lines = Files.readAllLines(source);
    if (tag != null) {
      int start = indexOf(lines, "// tag::" + tag + "[]", source);
      int end = indexOf(lines, "// end::" + tag + "[]", source);
      lines = lines.subList(start + 1, end);
    }
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      String t = line.trim();
      if (!t.startsWith("// tag::") && !t.startsWith("// end::")) {
        kept.add(line);
      }
    }
    while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
      kept.remove(kept.size() - 1);
    }
    int indent = Integer.MAX_VALUE;
    for (String line : kept) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String line : kept) {
      b.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return b.toString();
  }

  private static int indexOf(List<String> lines, String marker, Path source) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError(source + " has no line " + marker);
  }
}
