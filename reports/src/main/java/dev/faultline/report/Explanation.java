package dev.faultline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The linearizability checker's explanation (format: docs/reference/trace-and-history-formats.md):
 * which operation cannot be placed, the longest linearizable prefix and the operations concurrent
 * with the failure. Indices are 0-based positions of events in the history; an op is named by the
 * index of its invoke event.
 */
record Explanation(
    String verdict,
    String model,
    String partition,
    int unplaceableInvoke,
    List<Integer> prefix,
    List<Integer> concurrent,
    String stateAfterPrefix,
    String json) {

  static Explanation read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw ReportInputException.at(file, 0, "no such file");
    } catch (IOException e) {
      throw ReportInputException.at(file, 0, "cannot read: " + e.getMessage());
    }
    return parse(file, text);
  }

  static Explanation parse(Path file, String text) {
    JsonNode root;
    try {
      root = JsonLines.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw ReportInputException.at(file, line, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw ReportInputException.at(
          file, 0, "expected a JSON object, found " + JsonLines.describe(root));
    }
    JsonNode verdict = root.get("verdict");
    if (verdict == null || !verdict.isTextual()) {
      throw ReportInputException.at(file, 0, "field \"verdict\": missing or not a string");
    }
    int unplaceable = -1;
    JsonNode u = root.get("unplaceable");
    if (u != null && !u.isNull()) {
      JsonNode idx = u.get("invokeIndex");
      if (idx == null || !idx.canConvertToInt() || !idx.isIntegralNumber() || idx.intValue() < 0) {
        throw ReportInputException.at(
            file, 0, "field \"unplaceable.invokeIndex\": missing or not a non-negative integer");
      }
      unplaceable = idx.intValue();
    }
    return new Explanation(
        verdict.textValue(),
        textOrNull(root, "model"),
        textOrNull(root, "partition"),
        unplaceable,
        indices(file, root, "linearizedPrefix"),
        indices(file, root, "concurrent"),
        textOrNull(root, "stateAfterPrefix"),
        root.toString());
  }

  private static String textOrNull(JsonNode root, String name) {
    JsonNode v = root.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<Integer> indices(Path file, JsonNode root, String name) {
    List<Integer> out = new ArrayList<>();
    JsonNode v = root.get(name);
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw ReportInputException.at(file, 0, "field \"" + name + "\": must be an array of indices");
    }
    for (JsonNode e : v) {
      if (!e.isIntegralNumber() || !e.canConvertToInt() || e.intValue() < 0) {
        throw ReportInputException.at(
            file, 0, "field \"" + name + "\": " + e + " is not a non-negative integer index");
      }
      out.add(e.intValue());
    }
    return out;
  }
}
