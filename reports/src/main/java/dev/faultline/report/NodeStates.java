package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The node states a run recorded beside its trace ({@code states.jsonl}, one line per step that
 * changed a node: {@code {"i","n","changed":{node: state|null}}}), checked line by line and
 * embedded into the page as they are: the page folds them to show a node's state before and after
 * the step of any event it draws.
 */
final class NodeStates {
  private NodeStates() {}

  /** The file's lines, each checked to be a step record; bad input names the file and line. */
  static List<String> read(Path file) {
    List<String> out = new ArrayList<>();
    JsonLines.forEach(
        file,
        line -> {
          JsonNode i = line.json().get("i");
          JsonNode n = line.json().get("n");
          JsonNode changed = line.json().get("changed");
          if (i == null || !i.canConvertToLong() || n == null || !n.canConvertToLong()) {
            throw ReportInputException.at(
                file, line.lineNumber(), "a state record needs integer \"i\" and \"n\"");
          }
          if (changed == null || !changed.isObject()) {
            throw ReportInputException.at(
                file, line.lineNumber(), "a state record needs an object \"changed\"");
          }
          out.add(line.json().toString());
        });
    return out;
  }
}
