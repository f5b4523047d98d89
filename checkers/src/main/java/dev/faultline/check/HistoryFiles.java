package dev.faultline.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads history files. Every problem is a {@link HistoryFormatException} naming the file and line.
 */
public final class HistoryFiles {
  private HistoryFiles() {}

  /** The supported file formats. */
  public enum Format {
    /** The testbed's history.jsonl: one JSON object per line; a null read result means absent. */
    JSONL,
    /** Jepsen/Knossos EDN maps: {@code :fail} dropped, a nil read result means unknown. */
    EDN,
    /** Jepsen log lines as in Porcupine's etcd data; a nil read result means absent. */
    JEPSEN_LOG;

    /** {@code jsonl}, {@code edn}, {@code jepsen-log}. */
    public String cliName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Format fromCliName(String s) {
      for (Format f : values()) {
        if (f.cliName().equals(s)) {
          return f;
        }
      }
      return null;
    }
  }

  /** Reads {@code file} in {@code format}, validating every operation against {@code model}. */
  public static History read(Path file, Format format, Model<?> model) {
    String source = file.toString();
    return parse(source, readText(file), format, model);
  }

  /** Parses history text (for tests and tools that already hold the text). */
  public static History parse(String source, String text, Format format, Model<?> model) {
    List<RawEvent> events =
        switch (format) {
          case JSONL -> JsonlHistoryReader.read(source, text);
          case EDN -> EdnHistoryReader.read(source, text);
          case JEPSEN_LOG -> JepsenLogReader.read(source, text);
        };
    History.NilRead nil = format == Format.EDN ? History.NilRead.UNKNOWN : History.NilRead.ABSENT;
    return History.fromEvents(source, events, model, nil);
  }

  /**
   * Guesses the format from the extension ({@code .jsonl}, {@code .edn}, {@code .log}) or else
   * from the first non-blank character(s): {@code {"} is JSON, {@code {:} or {@code [} EDN, {@code
   * INFO} a Jepsen log.
   */
  public static Format detect(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return Format.JSONL;
    }
    if (name.endsWith(".edn")) {
      return Format.EDN;
    }
    if (name.endsWith(".log")) {
      return Format.JEPSEN_LOG;
    }
    String text = readText(file).stripLeading();
    if (text.startsWith("INFO")) {
      return Format.JEPSEN_LOG;
    }
    if (text.startsWith("[") || text.matches("(?s)^\\{\\s*:.*")) {
      return Format.EDN;
    }
    return Format.JSONL;
  }

  /**
   * The file's events (nemesis and other skipped lines left out, so event i here is event index i
   * in a {@link CheckResult}) as history.jsonl lines, for reports.
   */
  public static List<String> eventsAsJsonLines(Path file, Format format) {
    String source = file.toString();
    String text = readText(file);
    List<RawEvent> events =
        switch (format) {
          case JSONL -> JsonlHistoryReader.read(source, text);
          case EDN -> EdnHistoryReader.read(source, text);
          case JEPSEN_LOG -> JepsenLogReader.read(source, text);
        };
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> lines = new java.util.ArrayList<>(events.size());
    for (RawEvent e : events) {
      com.fasterxml.jackson.databind.node.ObjectNode o = mapper.createObjectNode();
      o.put("process", e.process());
      o.put("type", e.kind().name().toLowerCase(Locale.ROOT));
      o.put("f", e.f());
      if (e.key() != null) {
        o.put("key", e.key());
      }
      o.set("value", mapper.valueToTree(e.value()));
      lines.add(o.toString());
    }
    return lines;
  }

  static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new HistoryFormatException(file.toString(), 0, "no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new HistoryFormatException(file.toString(), 0, "not UTF-8 text");
    } catch (IOException e) {
      throw new HistoryFormatException(file.toString(), 0, "cannot read: " + e.getMessage());
    }
  }
}
