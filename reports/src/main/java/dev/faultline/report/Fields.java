package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** Typed access to a JSON line's fields; a missing or mistyped required field is a user error. */
final class Fields {
  private final Path file;
  private final JsonLines.Line line;
  private final String what;

  Fields(Path file, JsonLines.Line line, String what) {
    this.file = file;
    this.line = line;
    this.what = what;
  }

  long lineNumber() {
    return line.lineNumber();
  }

  JsonNode raw(String name) {
    return line.json().get(name);
  }

  long integer(String name) {
    JsonNode v = line.json().get(name);
    if (v == null || v.isNull()) {
      throw problem("missing \"" + name + "\"");
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw problem("\"" + name + "\" must be an integer, found " + JsonLines.describe(v));
    }
    return v.longValue();
  }

  long integerOr(String name, long fallback) {
    JsonNode v = line.json().get(name);
    return v == null || v.isNull() ? fallback : integer(name);
  }

  String text(String name) {
    JsonNode v = line.json().get(name);
    if (v == null || v.isNull()) {
      throw problem("missing \"" + name + "\"");
    }
    if (!v.isTextual()) {
      throw problem("\"" + name + "\" must be a string, found " + JsonLines.describe(v));
    }
    return v.textValue();
  }

  /** A string, or null when absent/null; other scalars are rendered as text. */
  String textOrNull(String name) {
    JsonNode v = line.json().get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  JsonNode object(String name) {
    JsonNode v = line.json().get(name);
    if (v == null || !v.isObject()) {
      throw problem(
          v == null
              ? "missing \"" + name + "\""
              : "\"" + name + "\" must be an object, found " + JsonLines.describe(v));
    }
    return v;
  }

  ReportInputException problem(String text) {
    return ReportInputException.at(
        file, line.lineNumber(), what == null ? text : what + ": " + text);
  }
}
