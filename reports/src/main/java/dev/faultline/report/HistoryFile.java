package dev.faultline.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a history JSON Lines file (history.jsonl); line order is real-time order. */
final class HistoryFile {
  private static final Set<String> TYPES = Set.of("invoke", "ok", "fail", "info");

  private HistoryFile() {}

  static List<HistoryEntry> read(Path file) {
    return entries(file, JsonLines.read(file));
  }

  static List<HistoryEntry> parse(Path file, List<String> lines) {
    return entries(file, JsonLines.parse(file, lines));
  }

  private static List<HistoryEntry> entries(Path file, List<JsonLines.Line> lines) {
    List<HistoryEntry> out = new ArrayList<>();
    for (JsonLines.Line line : lines) {
      Fields f = new Fields(file, line, null);
      long process = f.integer("process");
      if (process < 0 || process > Integer.MAX_VALUE) {
        throw f.problem("\"process\" must be a non-negative integer, was " + process);
      }
      String type = f.text("type");
      if (!TYPES.contains(type)) {
        throw f.problem("\"type\" must be invoke, ok, fail or info, was \"" + type + "\"");
      }
      out.add(
          new HistoryEntry(
              (int) process,
              type,
              f.text("f"),
              f.textOrNull("key"),
              f.textOrNull("value"),
              f.integerOr("time", -1),
              line.lineNumber()));
    }
    return out;
  }
}
