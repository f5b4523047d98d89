package dev.faultline.scenario.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value that remembers where it was in its file (line and column) and its path from the root
 * ({@code faults[2].node}), so that every validation error can name both. Jackson's own tree drops
 * locations, which is why scenario files are read into this instead.
 */
public sealed interface Located {
  int line();

  int column();

  /** Field path from the root, e.g. {@code workload.script[0][1].f}; empty for the root. */
  String path();

  /** JSON type name for error messages ("a string", "an object", ...). */
  String typeName();

  record Obj(
      int line, int column, String path, Map<String, Located> fields, Map<String, Located> keys)
      implements Located {
    public Obj {
      fields = new LinkedHashMap<>(fields); // document order, never hash order
      keys = new LinkedHashMap<>(keys);
    }

    public String typeName() {
      return "an object";
    }
  }

  record Arr(int line, int column, String path, List<Located> items) implements Located {
    public Arr {
      items = List.copyOf(items);
    }

    public String typeName() {
      return "an array";
    }
  }

  record Str(int line, int column, String path, String value) implements Located {
    public String typeName() {
      return "a string";
    }
  }

  /** A number as written; {@code integral} is false for 1.5 or 1e3. */
  record Num(int line, int column, String path, String text, boolean integral) implements Located {
    public String typeName() {
      return integral ? "an integer" : "a number";
    }
  }

  record Bool(int line, int column, String path, boolean value) implements Located {
    public String typeName() {
      return "a boolean";
    }
  }

  record Null(int line, int column, String path) implements Located {
    public String typeName() {
      return "null";
    }
  }
}
