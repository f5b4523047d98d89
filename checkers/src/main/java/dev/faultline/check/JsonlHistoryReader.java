package dev.faultline.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Reads history JSON Lines (history.jsonl). Blank lines are skipped. */
final class JsonlHistoryReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonlHistoryReader() {}

  static List<RawEvent> read(String source, String text) {
    List<RawEvent> events = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String s = lines[i].strip();
      long line = i + 1;
      if (s.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(s);
      } catch (JsonProcessingException e) {
        throw new HistoryFormatException(source, line, "bad JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new HistoryFormatException(source, line, "expected a JSON object");
      }
      events.add(event(source, line, node));
    }
    return events;
  }

  private static RawEvent event(String source, long line, JsonNode node) {
    JsonNode p = node.get("process");
    if (p == null || !p.canConvertToInt() || !p.isIntegralNumber() || p.intValue() < 0) {
      throw new HistoryFormatException(
          source, line, "field \"process\": missing or not a non-negative integer");
    }
    String type = text(source, line, node, "type", true);
    RawEvent.Kind kind =
        switch (type) {
          case "invoke" -> RawEvent.Kind.INVOKE;
          case "ok" -> RawEvent.Kind.OK;
          case "fail" -> RawEvent.Kind.FAIL;
          case "info" -> RawEvent.Kind.INFO;
          default ->
              throw new HistoryFormatException(
                  source,
                  line,
                  "field \"type\": '" + type + "' is not one of invoke, ok, fail, info");
        };
    String f = text(source, line, node, "f", true);
    String key = text(source, line, node, "key", false);
    return new RawEvent(p.intValue(), kind, f, key, value(source, line, node.get("value")), line);
  }

  private static String text(
      String source, long line, JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new HistoryFormatException(source, line, "field \"" + field + "\": missing");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new HistoryFormatException(source, line, "field \"" + field + "\": not a string");
    }
    return v.textValue();
  }

  private static Object value(String source, long line, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isArray()) {
      List<Object> items = new ArrayList<>();
      for (JsonNode item : v) {
        items.add(value(source, line, item));
      }
      return java.util.Collections.unmodifiableList(items);
    }
    throw new HistoryFormatException(
        source, line, "field \"value\": expected a string, integer, null or array");
  }
}
