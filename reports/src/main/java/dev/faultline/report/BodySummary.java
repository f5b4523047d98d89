package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Shortens a message's or timer's fields for the page: long arrays keep their first items and say
 * how many more there were, long strings are cut. Log entries and state snapshots would otherwise
 * make a 100,000-event page tens of megabytes; the full message stays in the trace (the details
 * panel names the trace event).
 */
final class BodySummary {
  static final int ARRAY_ITEMS = 2;
  static final int STRING_CHARS = 48;
  static final int OBJECT_FIELDS = 12;
  static final int DEPTH = 4;
  static final int TOTAL_CHARS = 240;

  private BodySummary() {}

  /** The fields of {@code message} without its "type", summarised, as compact JSON ("" if none). */
  static String fieldsOf(ObjectNode message) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = message.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("type")) {
        out.set(e.getKey(), e.getValue());
      }
    }
    if (out.isEmpty()) {
      return "";
    }
    String text = summarise(out, 0).toString();
    return text.length() <= TOTAL_CHARS ? text : text.substring(0, TOTAL_CHARS) + "\u2026";
  }

  static JsonNode summarise(JsonNode node, int depth) {
    if (node.isTextual() && node.textValue().length() > STRING_CHARS) {
      String s = node.textValue();
      return JsonNodeFactory.instance.textNode(
          s.substring(0, STRING_CHARS) + "\u2026(" + s.length() + " chars)");
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      if (depth >= DEPTH && !node.isEmpty()) {
        out.add("\u2026" + node.size() + " items");
        return out;
      }
      int n = 0;
      for (JsonNode item : node) {
        if (n++ == ARRAY_ITEMS) {
          out.add("\u2026+" + (node.size() - ARRAY_ITEMS) + " more");
          break;
        }
        out.add(summarise(item, depth + 1));
      }
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      if (depth >= DEPTH && !node.isEmpty()) {
        out.put("\u2026", node.size() + " fields");
        return out;
      }
      int n = 0;
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (n++ == OBJECT_FIELDS) {
          out.put("\u2026", "+" + (node.size() - OBJECT_FIELDS) + " fields");
          break;
        }
        out.set(e.getKey(), summarise(e.getValue(), depth + 1));
      }
      return out;
    }
    return node;
  }
}
