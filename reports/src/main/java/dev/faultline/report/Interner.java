package dev.faultline.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A string table: repeated texts (heartbeats, roles) are stored once and referred to by index. */
final class Interner {
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> values = new ArrayList<>();

  int index(String s) {
    Integer i = index.get(s);
    if (i != null) {
      return i;
    }
    values.add(s);
    index.put(s, values.size() - 1);
    return values.size() - 1;
  }

  String get(int i) {
    return values.get(i);
  }

  int size() {
    return values.size();
  }

  void write(JsonGenerator g, String name) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
