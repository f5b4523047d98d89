package dev.faultline.sim.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.sim.api.HistoryEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * History JSON Lines (history.jsonl): one event per line, line order = real-time order: {@code
 * {"process":0,"type":"invoke","f":"put","key":"k1","value":"c1-1","time":12}}. {@code value} may
 * be null; {@code time} (ticks, for reports only) is written when the event carries one and is
 * optional when reading. This is the kernel's writer and a strict reader for histories the
 * simulator wrote; the checker module has its own, richer parser for foreign formats.
 */
public final class HistoryJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("process", "type", "f", "key", "value", "time");

  private HistoryJson() {}

  /** Writes one event as a JSON object (no newline). */
  public static void write(JsonGenerator g, HistoryEvent e) throws IOException {
    g.writeStartObject();
    g.writeNumberField("process", e.process());
    g.writeStringField("type", e.type().json());
    g.writeStringField("f", e.f());
    g.writeStringField("key", e.key());
    g.writeStringField("value", e.value());
    if (e.timeTicks() >= 0) {
      g.writeNumberField("time", e.timeTicks());
    }
    g.writeEndObject();
  }

  /** One event as its JSON line, without a newline. */
  public static String line(HistoryEvent e) {
    StringWriter sw = new StringWriter();
    try (JsonGenerator g = TraceJson.generator(sw)) {
      write(g, e);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return sw.toString();
  }

  /** Writes every event, one per line, each line ending in '\n'. */
  public static void write(Writer out, List<HistoryEvent> history) throws IOException {
    for (HistoryEvent e : history) {
      out.write(line(e));
      out.write('\n');
    }
    out.flush();
  }

  /** Writes {@code history.jsonl} (UTF-8), replacing the file. */
  public static void write(Path file, List<HistoryEvent> history) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w, history);
    }
  }

  /** The whole history as JSON Lines text. */
  public static String toJsonl(List<HistoryEvent> history) {
    StringWriter sw = new StringWriter();
    try {
      write(sw, history);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  /**
   * Reads a history file. Blank lines are skipped. A malformed line throws {@link
   * HistoryFormatException} whose message is one line: {@code <file>:<line>: <problem>}.
   */
  public static List<HistoryEvent> read(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString());
    }
  }

  /** Reads history JSON Lines from {@code in}; {@code source} names it in error messages. */
  public static List<HistoryEvent> read(BufferedReader in, String source) throws IOException {
    List<HistoryEvent> out = new ArrayList<>();
    String text;
    int lineNo = 0;
    while ((text = in.readLine()) != null) {
      lineNo++;
      if (text.isBlank()) {
        continue;
      }
      out.add(parseLine(text, source, lineNo));
    }
    return out;
  }

  /** Parses one line; errors name {@code source} and {@code lineNo}. */
  public static HistoryEvent parseLine(String text, String source, int lineNo) {
    String where = source + ":" + lineNo + ": ";
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (IOException e) {
      throw new HistoryFormatException(where + "not valid JSON (" + firstLine(e) + ")");
    }
    if (node == null || !node.isObject()) {
      throw new HistoryFormatException(where + "expected a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new HistoryFormatException(
            where
                + "unknown field \""
                + field
                + "\" (allowed: process, type, f, key, value, time)");
      }
    }
    JsonNode process = node.get("process");
    if (process == null || !process.canConvertToInt() || !process.isIntegralNumber()) {
      throw new HistoryFormatException(where + "\"process\" must be an integer");
    }
    if (process.intValue() < 0) {
      throw new HistoryFormatException(where + "\"process\" must be >= 0");
    }
    JsonNode type = node.get("type");
    HistoryEvent.Type parsedType;
    if (type == null || !type.isTextual()) {
      throw new HistoryFormatException(where + "\"type\" must be invoke, ok, fail or info");
    }
    try {
      parsedType = HistoryEvent.Type.valueOf(type.textValue().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new HistoryFormatException(
          where + "\"type\" must be invoke, ok, fail or info, was \"" + type.textValue() + "\"");
    }
    JsonNode f = node.get("f");
    if (f == null || !f.isTextual()) {
      throw new HistoryFormatException(where + "\"f\" must be a string");
    }
    String key = optionalText(node.get("key"), where, "key");
    String value = optionalText(node.get("value"), where, "value");
    JsonNode time = node.get("time");
    long timeTicks = -1;
    if (time != null && !time.isNull()) {
      if (!time.isIntegralNumber() || time.longValue() < 0) {
        throw new HistoryFormatException(where + "\"time\" must be a non-negative integer");
      }
      timeTicks = time.longValue();
    }
    return new HistoryEvent(process.intValue(), parsedType, f.textValue(), key, value, timeTicks);
  }

  private static String optionalText(JsonNode v, String where, String field) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNumber()) {
      return v.asText();
    }
    throw new HistoryFormatException(where + "\"" + field + "\" must be a string or null");
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** A malformed history line; the message is one line naming the source and line. */
  public static final class HistoryFormatException extends IllegalArgumentException {
    public HistoryFormatException(String message) {
      super(message);
    }
  }
}
