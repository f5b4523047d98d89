package dev.faultline.scenario.io;

import dev.faultline.scenario.cli.UserError;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed, strict access to a {@link Located} tree: every mistake becomes ONE line, {@code
 * <file>:<line>:<col>: <field path>: <problem>}, raised as a {@link UserError}.
 */
final class Fields {
  private final String file;

  Fields(String file) {
    this.file = file;
  }

  UserError error(Located at, String problem) {
    String path = at.path().isEmpty() ? "(root)" : at.path();
    return new UserError(file + ":" + at.line() + ":" + at.column() + ": " + path + ": " + problem);
  }

  Located.Obj object(Located v) {
    if (v instanceof Located.Obj o) {
      return o;
    }
    throw error(v, "expected an object, got " + v.typeName());
  }

  Located.Arr array(Located v) {
    if (v instanceof Located.Arr a) {
      return a;
    }
    throw error(v, "expected an array, got " + v.typeName());
  }

  /** Rejects any field not in {@code known}, suggesting the closest known name. */
  void allowOnly(Located.Obj o, String... known) {
    List<String> names = Arrays.asList(known);
    for (Map.Entry<String, Located> e : o.keys().entrySet()) {
      if (!names.contains(e.getKey())) {
        String near = closest(e.getKey(), names);
        throw error(
            e.getValue(),
            "unknown field"
                + (near != null ? " (did you mean '" + near + "'?)" : "")
                + "; allowed: "
                + String.join(", ", names));
      }
    }
  }

  /** Fails naming every one of {@code names} that is absent (not just the first). */
  void requireAll(Located.Obj o, String... names) {
    List<String> missing = new java.util.ArrayList<>();
    for (String name : names) {
      if (!o.fields().containsKey(name)) {
        missing.add(name);
      }
    }
    if (missing.size() > 1) {
      throw error(
          new Located.Null(o.line(), o.column(), o.path()),
          "missing required fields: " + String.join(", ", missing));
    }
  }

  Located required(Located.Obj o, String name) {
    Located v = o.fields().get(name);
    if (v == null) {
      String path = o.path().isEmpty() ? name : o.path() + "." + name;
      throw error(new Located.Null(o.line(), o.column(), path), "missing required field");
    }
    return v;
  }

  /** The field, or null when absent. */
  Located optional(Located.Obj o, String name) {
    return o.fields().get(name);
  }

  String string(Located v) {
    if (v instanceof Located.Str s) {
      return s.value();
    }
    throw error(v, "expected a string, got " + v.typeName());
  }

  String nonEmptyString(Located v) {
    String s = string(v);
    if (s.isBlank()) {
      throw error(v, "must not be empty");
    }
    return s;
  }

  /** A string or null. */
  String nullableString(Located v) {
    return v == null || v instanceof Located.Null ? null : string(v);
  }

  boolean bool(Located v) {
    if (v instanceof Located.Bool b) {
      return b.value();
    }
    throw error(v, "expected true or false, got " + v.typeName());
  }

  long integer(Located v, long min, long max) {
    if (!(v instanceof Located.Num n) || !n.integral()) {
      throw error(v, "expected an integer, got " + describe(v));
    }
    BigInteger x = new BigInteger(n.text());
    if (x.compareTo(BigInteger.valueOf(min)) < 0 || x.compareTo(BigInteger.valueOf(max)) > 0) {
      throw error(v, "must be " + range(min, max) + ", was " + n.text());
    }
    return x.longValue();
  }

  long integer(Located.Obj o, String name, long min, long max, long defaultValue) {
    Located v = optional(o, name);
    return v == null ? defaultValue : integer(v, min, max);
  }

  double number(Located v) {
    if (v instanceof Located.Num n) {
      return Double.parseDouble(n.text());
    }
    throw error(v, "expected a number, got " + v.typeName());
  }

  /** A probability in [0, 1]. */
  double rate(Located.Obj o, String name, double defaultValue) {
    Located v = optional(o, name);
    if (v == null) {
      return defaultValue;
    }
    double x = number(v);
    if (!(x >= 0 && x <= 1)) {
      throw error(v, "must be a probability in [0, 1], was " + ((Located.Num) v).text());
    }
    return x;
  }

  private static String describe(Located v) {
    return v instanceof Located.Num n ? "'" + n.text() + "'" : v.typeName();
  }

  private static String range(long min, long max) {
    if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
      return "a 64-bit signed integer";
    }
    // Both bounds, always: a value above a hidden maximum must say what the maximum is.
    return "in [" + min + ", " + max + "]";
  }

  /** The known name within edit distance 2 of {@code name}, if any. */
  static String closest(String name, List<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d =
          distance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
