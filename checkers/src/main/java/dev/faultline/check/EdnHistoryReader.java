package dev.faultline.check;

import dev.faultline.check.EdnParser.EdnMap;
import dev.faultline.check.EdnParser.Keyword;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads Jepsen/Knossos EDN histories: a sequence of maps (one per line, or inside one top-level
 * vector) with {@code :process}, {@code :type}, {@code :f}, {@code :value} and optionally {@code
 * :key}. Events of the {@code :nemesis} process are ignored, as are extra keys ({@code :time},
 * {@code :index}).
 */
final class EdnHistoryReader {
  private EdnHistoryReader() {}

  static List<RawEvent> read(String source, String text) {
    List<Object> forms;
    try {
      forms = new EdnParser(text).readAll();
    } catch (EdnParser.SyntaxError e) {
      throw new HistoryFormatException(source, e.line, "bad EDN: " + e.getMessage());
    }
    if (forms.size() == 1 && forms.get(0) instanceof List<?> all) {
      forms = new ArrayList<>(all);
    }
    List<RawEvent> events = new ArrayList<>();
    for (Object form : forms) {
      if (!(form instanceof EdnMap m)) {
        throw new HistoryFormatException(
            source, 0, "bad EDN: expected a map per event, found " + form);
      }
      RawEvent e = event(source, m);
      if (e != null) {
        events.add(e);
      }
    }
    return events;
  }

  private static RawEvent event(String source, EdnMap m) {
    long line = m.line();
    Object process = m.get("process");
    if (process instanceof Keyword k && k.name().equals("nemesis")) {
      return null;
    }
    if (!(process instanceof Long p) || p < 0 || p > Integer.MAX_VALUE) {
      throw new HistoryFormatException(
          source, line, ":process missing or not a non-negative integer");
    }
    RawEvent.Kind kind =
        switch (name(m.get("type"))) {
          case "invoke" -> RawEvent.Kind.INVOKE;
          case "ok" -> RawEvent.Kind.OK;
          case "fail" -> RawEvent.Kind.FAIL;
          case "info" -> RawEvent.Kind.INFO;
          case "" -> throw new HistoryFormatException(source, line, ":type missing");
          default ->
              throw new HistoryFormatException(
                  source,
                  line,
                  ":type " + m.get("type") + " is not one of :invoke, :ok, :fail, :info");
        };
    String f = name(m.get("f"));
    if (f.isEmpty()) {
      throw new HistoryFormatException(source, line, ":f missing");
    }
    Object key = m.get("key");
    String keyText = key == null ? null : key instanceof Keyword k ? k.name() : key.toString();
    return new RawEvent(p.intValue(), kind, f, keyText, value(m.get("value")), line);
  }

  private static String name(Object o) {
    if (o instanceof Keyword k) {
      return k.name();
    }
    return o == null ? "" : o.toString();
  }

  private static Object value(Object v) {
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(value(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Keyword k) {
      return ":" + k.name(); // e.g. :timed-out on an info; never a legal model value
    }
    return v;
  }
}
