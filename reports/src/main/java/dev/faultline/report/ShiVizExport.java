package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports a trace to ShiViz's log format (https://bestchai.bitbucket.io/shiviz/): two lines per
 * event, a description and then {@code host {"host":n,...}} with the event's vector clock. Paste
 * the file into ShiViz with {@link #REGEX} as the parser regular expression.
 *
 * <p>Vector clocks are computed here from send/deliver pairs: every event on a host ticks that
 * host's entry; a delivery merges the clock the message carried when it was sent (a duplicate copy
 * carries the original's). Network-only events (drop, hold, partition, ...) are not events of any
 * host, so they appear only as text on the next event of the node concerned.
 */
public final class ShiVizExport {
  /** The parser regex to paste into ShiViz (multi-line: description, then host and clock). */
  public static final String REGEX = "(?<event>.*)\\n(?<host>\\S*) (?<clock>\\{.*\\})";

  private ShiVizExport() {}

  /** Writes the ShiViz log for a trace file; returns the number of events written. */
  public static long write(Path traceJsonl, Path out) {
    return write(traceJsonl, JsonLines.read(traceJsonl), out);
  }

  /** The same for trace lines held in memory. */
  public static long write(List<String> traceLines, Path out) {
    Path name = Path.of("<trace>");
    return write(name, JsonLines.parse(name, traceLines), out);
  }

  /** A trace event seen as an event of one host: its description and the clock it merges. */
  private record HostEvent(String host, String text, TreeMap<String, Long> merge) {}

  private static long write(Path file, List<JsonLines.Line> lines, Path out) {
    Map<String, TreeMap<String, Long>> clocks = new HashMap<>();
    Map<Long, TreeMap<String, Long>> carried = new HashMap<>();
    Map<String, StringBuilder> notes = new HashMap<>();
    long written = 0;
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        for (JsonLines.Line line : lines) {
          Fields f = new Fields(file, line, null);
          String kind = f.text("kind");
          long tick = f.integer("tick");
          f = new Fields(file, line, kind);
          HostEvent e = hostEvent(kind, f, carried, notes);
          if (e == null) {
            continue; // network-only (noted for later) or no host's event
          }
          TreeMap<String, Long> clock = clocks.computeIfAbsent(e.host(), h -> new TreeMap<>());
          if (e.merge() != null) {
            e.merge().forEach((h, v) -> clock.merge(h, v, Math::max));
          }
          clock.merge(e.host(), 1L, Long::sum);
          if (kind.equals("send")) {
            carried.put(f.integer("msgId"), new TreeMap<>(clock));
          }
          writeEvent(w, tick, e, clock, notes.remove(e.host()));
          written++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  /**
   * The host event a trace event is, or null for a network-only event (noted for the next event of
   * the node concerned, or ignored).
   */
  private static HostEvent hostEvent(
      String kind,
      Fields f,
      Map<Long, TreeMap<String, Long>> carried,
      Map<String, StringBuilder> notes) {
    String host;
    String text;
    TreeMap<String, Long> merge = null;
    switch (kind) {
      case "send" -> {
        host = f.text("from");
        text = "send #" + f.integer("msgId") + " to " + f.text("to") + ": " + message(f);
      }
      case "deliver" -> {
        host = f.text("to");
        long msgId = f.integer("msgId");
        merge = carried.get(msgId);
        text = "deliver #" + msgId + " from " + f.text("from") + ": " + message(f);
      }
      case "timer" -> {
        host = f.text("node");
        text = "timer " + compact(f.raw("timer"));
      }
      case "crash", "restart", "persist" -> {
        host = f.text("node");
        text = kind;
      }
      case "clock" -> {
        host = f.text("node");
        text = "clock offset " + f.integerOr("offsetTicks", 0) + " ticks";
      }
      case "annotate" -> {
        host = f.text("node");
        text = f.text("key") + " = " + f.textOrNull("value");
      }
      case "history" -> {
        host = f.text("node");
        text = "client " + compact(f.raw("event"));
      }
      case "duplicate" -> {
        // The copy carries what the original carried.
        TreeMap<String, Long> c = carried.get(f.integer("msgId"));
        if (c != null) {
          carried.put(f.integer("copyId"), c);
        }
        note(notes, f.text("to"), "network duplicated #" + f.integer("msgId"));
        return null;
      }
      case "drop" -> {
        note(
            notes,
            f.text("to"),
            "lost #" + f.integer("msgId") + " (" + f.textOrNull("reason") + ")");
        return null;
      }
      default -> {
        return null; // not an event of a host (start, end, partition, network, violation, ...)
      }
    }
    return new HostEvent(host, text, merge);
  }

  /** Two lines: the description (with pending network notes), then host and vector clock. */
  private static void writeEvent(
      BufferedWriter w, long tick, HostEvent e, TreeMap<String, Long> clock, StringBuilder pending)
      throws IOException {
    String description =
        "t=" + tick + " " + e.text() + (pending == null ? "" : " [" + pending + "]");
    w.write(description.replace('\n', ' ').replace('\r', ' '));
    w.write('\n');
    w.write(e.host().replace(' ', '_'));
    w.write(' ');
    w.write(JsonLines.MAPPER.writeValueAsString(clock));
    w.write('\n');
  }

  private static void note(Map<String, StringBuilder> notes, String host, String text) {
    StringBuilder b = notes.computeIfAbsent(host, h -> new StringBuilder());
    if (b.length() > 0) {
      b.append("; ");
    }
    b.append(text);
  }

  private static String message(Fields f) {
    return compact(f.raw("message"));
  }

  private static String compact(JsonNode n) {
    return n == null ? "?" : n.toString();
  }
}
