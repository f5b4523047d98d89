package dev.faultline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON Lines (trace, history) into objects, naming the file and line of any problem. */
final class JsonLines {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** One parsed line and where it came from (1-based line number). */
  record Line(long lineNumber, ObjectNode json) {}

  private JsonLines() {}

  static List<Line> read(Path file) {
    List<Line> out = new ArrayList<>();
    forEach(file, out::add);
    return out;
  }

  /**
   * Streams a file's lines to {@code sink} one at a time, so a 100,000-event trace is never held as
   * parsed trees all at once.
   */
  static void forEach(Path file, java.util.function.Consumer<Line> sink) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long n = 0;
      for (String s = in.readLine(); s != null; s = in.readLine()) {
        n++;
        Line line = parseLine(file, n, s);
        if (line != null) {
          sink.accept(line);
        }
      }
    } catch (NoSuchFileException e) {
      throw ReportInputException.at(file, 0, "no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw ReportInputException.at(file, 0, "not UTF-8 text");
    } catch (IOException e) {
      throw ReportInputException.at(file, 0, "cannot read: " + e.getMessage());
    }
  }

  /** Parses lines; blank lines are skipped, anything else must be one JSON object. */
  static List<Line> parse(Path file, List<String> lines) {
    List<Line> out = new ArrayList<>(lines.size());
    forEach(file, lines, out::add);
    return out;
  }

  static void forEach(Path file, List<String> lines, java.util.function.Consumer<Line> sink) {
    long n = 0;
    for (String s : lines) {
      Line line = parseLine(file, ++n, s);
      if (line != null) {
        sink.accept(line);
      }
    }
  }

  private static Line parseLine(Path file, long n, String s) {
    if (s.isBlank()) {
      return null;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(s);
    } catch (JsonProcessingException e) {
      throw ReportInputException.at(file, n, "not valid JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw ReportInputException.at(file, n, "expected a JSON object, found " + describe(node));
    }
    return new Line(n, object);
  }

  static String describe(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
