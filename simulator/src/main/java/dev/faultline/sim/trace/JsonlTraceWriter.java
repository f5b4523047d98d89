package dev.faultline.sim.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams events to a file or writer as JSON Lines while the run goes, keeping nothing in memory.
 * Close it (try-with-resources) to flush; {@link #close()} closes the file it opened itself, but
 * not a caller's {@link Writer}.
 */
public final class JsonlTraceWriter implements TraceSink, Closeable {
  private final JsonGenerator generator;
  private final OutputStream ownedStream;
  private long index;

  /** Writes to {@code out}; the caller keeps ownership of it. */
  public JsonlTraceWriter(Writer out) {
    this.generator = TraceJson.generator(out);
    this.ownedStream = null;
  }

  private JsonlTraceWriter(OutputStream owned) {
    this.generator = TraceJson.generator(owned);
    this.ownedStream = owned;
  }

  /** Creates (or replaces) {@code file} and writes UTF-8 JSON Lines to it. */
  public static JsonlTraceWriter open(Path file) throws IOException {
    return new JsonlTraceWriter(new java.io.BufferedOutputStream(Files.newOutputStream(file)));
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void accept(TraceEvent event) {
    try {
      TraceJson.write(generator, index++, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many events were written. */
  public long count() {
    return index;
  }

  public void flush() throws IOException {
    generator.flush();
  }

  @Override
  public void close() throws IOException {
    generator.flush();
    generator.close();
    if (ownedStream != null) {
      ownedStream.close();
    }
  }
}
