package dev.faultline.sim.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keeps every event of a run in memory (tests, the report of one failing seed), and writes them as
 * JSON Lines on demand. Event {@code n} in {@link #events()} is line {@code n} with {@code "i":n}.
 */
public final class InMemoryTrace implements TraceSink {
  private final List<TraceEvent> events = new ArrayList<>();
  private final List<TraceEvent> view = Collections.unmodifiableList(events);

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void accept(TraceEvent event) {
    events.add(event);
  }

  /** Everything recorded so far, in order (a live, read-only view). */
  public List<TraceEvent> events() {
    return view;
  }

  public int size() {
    return events.size();
  }

  /** The events of one kind, e.g. {@code ofType(TraceEvent.Drop.class)}. */
  public <E extends TraceEvent> List<E> ofType(Class<E> type) {
    List<E> out = new ArrayList<>();
    for (TraceEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  /** The trace as JSON Lines text (each line ends in '\n'). */
  public String toJsonl() {
    return TraceJson.toJsonl(events);
  }

  /** The JSON lines, without newlines. */
  public List<String> lines() {
    List<String> out = new ArrayList<>(events.size());
    for (int k = 0; k < events.size(); k++) {
      out.add(TraceJson.line(k, events.get(k)));
    }
    return out;
  }

  /** SHA-256 of the JSON Lines bytes, in hex: equal to {@link HashingTraceSink#hex()}. */
  public String sha256() {
    HashingTraceSink h = new HashingTraceSink();
    events.forEach(h::accept);
    return h.hex();
  }

  public void writeJsonl(Writer out) throws IOException {
    try (JsonlTraceWriter w = new JsonlTraceWriter(out)) {
      events.forEach(w::accept);
    }
  }

  /** Writes {@code trace.jsonl} (UTF-8), replacing the file. */
  public void writeJsonl(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeJsonl(w);
    }
  }
}
