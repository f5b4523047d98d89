package dev.faultline.scenario.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link Located} document against the JSON Schema keywords {@link ScenarioSchema} uses
 * (type, properties, required, additionalProperties, enum, const, minimum, maximum, minLength,
 * items, minItems, anyOf, allOf, if/then), collecting every problem with its place, not only the
 * first.
 */
public final class SchemaValidator {
  /** One problem: where (line, column, field path) and what. */
  public record Problem(int line, int column, String path, String message) {
    public String format(String file) {
      return file
          + ":"
          + line
          + ":"
          + column
          + ": "
          + (path.isEmpty() ? "(root)" : path)
          + ": "
          + message;
    }
  }

  private SchemaValidator() {}

  public static List<Problem> validate(Located value, JsonNode schema) {
    List<Problem> out = new ArrayList<>();
    check(value, schema, out);
    return out;
  }

  private static void check(Located v, JsonNode s, List<Problem> out) {
    if (s.has("type") && !typeMatches(v, s.get("type"))) {
      out.add(problem(v, "expected " + typeText(s.get("type")) + ", got " + v.typeName()));
      return; // the other keywords would only repeat it
    }
    if (s.has("const") && !equalsJson(v, s.get("const"))) {
      out.add(problem(v, "expected " + s.get("const") + ", got " + text(v)));
    }
    if (s.has("enum") && !inEnum(v, s.get("enum"))) {
      out.add(problem(v, text(v) + " is not one of " + s.get("enum")));
    }
    checkNumberAndString(v, s, out);
    if (v instanceof Located.Obj o) {
      checkObject(o, s, out);
    }
    if (v instanceof Located.Arr a) {
      if (s.has("minItems") && a.items().size() < s.get("minItems").asInt()) {
        out.add(problem(v, "needs at least " + s.get("minItems") + " item(s)"));
      }
      if (s.has("items")) {
        a.items().forEach(item -> check(item, s.get("items"), out));
      }
    }
    checkCombinators(v, s, out);
  }

  private static void checkNumberAndString(Located v, JsonNode s, List<Problem> out) {
    if (v instanceof Located.Num n) {
      BigDecimal x = new BigDecimal(n.text());
      if (s.has("minimum") && x.compareTo(s.get("minimum").decimalValue()) < 0) {
        out.add(problem(v, "must be in [" + range(s) + "], was " + n.text()));
      } else if (s.has("maximum") && x.compareTo(s.get("maximum").decimalValue()) > 0) {
        out.add(problem(v, "must be in [" + range(s) + "], was " + n.text()));
      }
    }
    if (v instanceof Located.Str str
        && s.has("minLength")
        && str.value().length() < s.get("minLength").asInt()) {
      out.add(problem(v, "must not be empty"));
    }
  }

  private static String range(JsonNode s) {
    return (s.has("minimum") ? s.get("minimum").asText() : "")
        + ", "
        + (s.has("maximum") ? s.get("maximum").asText() : "");
  }

  private static void checkObject(Located.Obj o, JsonNode s, List<Problem> out) {
    JsonNode props = s.path("properties");
    List<String> missing = new ArrayList<>();
    for (JsonNode r : s.path("required")) {
      if (!o.fields().containsKey(r.asText())) {
        missing.add(r.asText());
      }
    }
    if (!missing.isEmpty()) {
      out.add(problem(o, "missing required field(s): " + String.join(", ", missing)));
    }
    for (Map.Entry<String, Located> e : o.fields().entrySet()) {
      JsonNode p = props.get(e.getKey());
      JsonNode extra = s.get("additionalProperties");
      if (p != null) {
        check(e.getValue(), p, out);
      } else if (extra != null && extra.isBoolean() && !extra.asBoolean()) {
        List<String> allowed = new ArrayList<>();
        props.fieldNames().forEachRemaining(allowed::add);
        out.add(
            problem(
                o.keys().get(e.getKey()), "unknown field; allowed: " + String.join(", ", allowed)));
      } else if (extra != null && extra.isObject()) {
        check(e.getValue(), extra, out);
      }
    }
  }

  private static void checkCombinators(Located v, JsonNode s, List<Problem> out) {
    for (JsonNode sub : s.path("allOf")) {
      check(v, sub, out);
    }
    if (s.has("if") && validate(v, s.get("if")).isEmpty() && s.has("then")) {
      check(v, s.get("then"), out);
    }
    if (s.has("anyOf")) {
      List<Problem> fewest = null;
      for (JsonNode sub : s.get("anyOf")) {
        List<Problem> p = validate(v, sub);
        if (p.isEmpty()) {
          return;
        }
        if (fewest == null || p.size() < fewest.size()) {
          fewest = p;
        }
      }
      out.addAll(fewest); // the closest alternative's problems say best what to fix
    }
  }

  private static boolean typeMatches(Located v, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(v, t)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> v instanceof Located.Obj;
      case "array" -> v instanceof Located.Arr;
      case "string" -> v instanceof Located.Str;
      case "integer" -> v instanceof Located.Num n && n.integral();
      case "number" -> v instanceof Located.Num;
      case "boolean" -> v instanceof Located.Bool;
      case "null" -> v instanceof Located.Null;
      default -> false;
    };
  }

  private static String typeText(JsonNode type) {
    if (!type.isArray()) {
      return type.asText();
    }
    List<String> names = new ArrayList<>();
    type.forEach(t -> names.add(t.asText()));
    return String.join(" or ", names);
  }

  private static boolean inEnum(Located v, JsonNode values) {
    for (JsonNode e : values) {
      if (equalsJson(v, e)) {
        return true;
      }
    }
    return false;
  }

  /** Scalars only: the schema's enums and consts are strings and null. */
  private static boolean equalsJson(Located v, JsonNode e) {
    return switch (v) {
      case Located.Str s -> e.isTextual() && e.asText().equals(s.value());
      case Located.Null n -> e.isNull();
      case Located.Bool b -> e.isBoolean() && e.asBoolean() == b.value();
      case Located.Num n ->
          e.isNumber() && e.decimalValue().compareTo(new BigDecimal(n.text())) == 0;
      default -> false;
    };
  }

  private static String text(Located v) {
    return switch (v) {
      case Located.Str s -> "\"" + s.value() + "\"";
      case Located.Num n -> n.text();
      case Located.Bool b -> Boolean.toString(b.value());
      default -> v.typeName();
    };
  }

  private static Problem problem(Located at, String message) {
    return new Problem(at.line(), at.column(), at.path(), message);
  }
}
