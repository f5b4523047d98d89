package dev.faultline.check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Jepsen 0.0.x client log lines as in Porcupine's etcd data: {@code INFO jepsen.util -
 * <process> <:type> <:f> <value>}, fields separated by tabs or spaces. Other lines (other loggers,
 * the nemesis, Knossos output, blank lines) are skipped; a client line that does not parse is an
 * error. Values: {@code nil}, an integer, {@code [from to]}, or a keyword such as {@code
 * :timed-out} (kept as text; it only appears on {@code :info} and {@code :fail}).
 */
final class JepsenLogReader {
  private static final Pattern CLIENT_LINE =
      Pattern.compile("^INFO\\s+jepsen\\.util\\s+-\\s+(\\d+)\\s+(.*)$");
  private static final Pattern EVENT =
      Pattern.compile("^:(invoke|ok|fail|info)\\s+:([\\w-]+)\\s+(.*?)\\s*$");
  private static final Pattern CAS = Pattern.compile("^\\[\\s*(-?\\d+)\\s+(-?\\d+)\\s*]$");

  private JepsenLogReader() {}

  static List<RawEvent> read(String source, String text) {
    List<RawEvent> events = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      long line = i + 1;
      Matcher client = CLIENT_LINE.matcher(lines[i].stripTrailing());
      if (!client.matches()) {
        continue;
      }
      Matcher ev = EVENT.matcher(client.group(2));
      if (!ev.matches()) {
        throw new HistoryFormatException(
            source,
            line,
            "expected ':type :f value' after the process, found '" + client.group(2) + "'");
      }
      int process;
      try {
        process = Integer.parseInt(client.group(1));
      } catch (NumberFormatException e) {
        throw new HistoryFormatException(source, line, "process id too large");
      }
      RawEvent.Kind kind = RawEvent.Kind.valueOf(ev.group(1).toUpperCase(java.util.Locale.ROOT));
      events.add(
          new RawEvent(process, kind, ev.group(2), null, value(source, line, ev.group(3)), line));
    }
    return events;
  }

  private static Object value(String source, long line, String v) {
    if (v.equals("nil") || v.isEmpty()) {
      return null;
    }
    if (v.startsWith(":")) {
      return v;
    }
    Matcher cas = CAS.matcher(v);
    if (cas.matches()) {
      return List.of(Long.parseLong(cas.group(1)), Long.parseLong(cas.group(2)));
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new HistoryFormatException(source, line, "bad value '" + v + "'");
    }
  }
}
