package dev.faultline.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Arrays;

/** A growable column of longs: the diagram's data is columnar to keep the page small and fast. */
final class LongColumn {
  private long[] values = new long[64];
  private int size;

  int add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size] = v;
    return size++;
  }

  long get(int i) {
    return values[i];
  }

  void set(int i, long v) {
    values[i] = v;
  }

  int size() {
    return size;
  }

  void write(JsonGenerator g, String name) throws IOException {
    g.writeArrayFieldStart(name);
    for (int i = 0; i < size; i++) {
      g.writeNumber(values[i]);
    }
    g.writeEndArray();
  }

  /** Writes first value then differences: sorted tick columns become short numbers. */
  void writeDeltas(JsonGenerator g, String name) throws IOException {
    g.writeArrayFieldStart(name);
    long prev = 0;
    for (int i = 0; i < size; i++) {
      g.writeNumber(values[i] - prev);
      prev = values[i];
    }
    g.writeEndArray();
  }
}
