package dev.faultline.sim.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableMap;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.StateDescription;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Writes {@link TraceEvent}s as JSON Lines, the {@code trace.jsonl} contract
 * (docs/reference/trace-and-history-formats.md): one object per line, {@code
 * {"i":<index>,"tick":<t>,"kind":"<kind>", ...}} followed by the event record's other components in
 * declaration order.
 *
 * <p>Values are written as follows, so the same events always give the same bytes:
 *
 * <ul>
 *   <li>{@link NodeId}: its name as a string; enums: their {@code name()}.
 *   <li>{@link HistoryEvent}: {@code {"process","type","f","key","value"[,"time"]}} (see {@link
 *       HistoryJson}); {@link TraceEvent.Link}: {@code {"from","to"}}.
 *   <li>Any other record (a message, a timer, or a record inside one): {@code {"type":
 *       "<SimpleName>", ...components in declaration order}}. A component that is itself called
 *       {@code type} is written as {@code "_type"} so the key stays unique.
 *   <li>Lists, sorted sets, linked and Guava-immutable collections in their order; other (hash
 *       ordered) collections sorted by each element's JSON text. Maps likewise, as objects keyed by
 *       {@code String.valueOf(key)}; unordered maps sorted by key text.
 *   <li>{@link StateDescription} (a node's state for people): an object of its fields in order.
 *   <li>{@link Optional}: its value or null; byte arrays: base64; anything else: {@code toString()}
 *       as a string (give such types a deterministic toString).
 * </ul>
 */
public final class TraceJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().build().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private static final ClassValue<Component[]> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
          RecordComponent[] rc = type.getRecordComponents();
          Component[] out = new Component[rc.length];
          MethodHandles.Lookup lookup = MethodHandles.lookup();
          for (int k = 0; k < rc.length; k++) {
            try {
              var accessor = rc[k].getAccessor();
              accessor.setAccessible(true);
              String name = rc[k].getName();
              out[k] =
                  new Component(
                      name,
                      new SerializedString(name),
                      new SerializedString(name.equals("type") ? "_type" : name),
                      lookup
                          .unreflect(accessor)
                          .asType(MethodType.methodType(Object.class, Object.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
              throw new IllegalStateException("cannot read " + rc[k] + " of " + type.getName(), e);
            }
          }
          return out;
        }
      };

  /**
   * One record component: its name pre-encoded for Jackson (as itself, and as written inside a
   * message/timer record, where "type" becomes "_type") and an (Object)Object accessor handle that
   * can be called with invokeExact.
   */
  private record Component(
      String name, SerializedString key, SerializedString keyInRecord, MethodHandle accessor) {
    Object get(Object record) {
      try {
        return (Object) accessor.invokeExact(record);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("cannot read " + name, e);
      }
    }
  }

  private TraceJson() {}

  /** A generator over {@code out} that {@link #write} can use repeatedly (UTF-8, no pretty). */
  public static JsonGenerator generator(OutputStream out) {
    try {
      JsonGenerator g = FACTORY.createGenerator(out);
      g.setRootValueSeparator(null);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A generator over {@code out} that {@link #write} can use repeatedly. */
  public static JsonGenerator generator(Writer out) {
    try {
      JsonGenerator g = FACTORY.createGenerator(out);
      g.setRootValueSeparator(null);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes event number {@code index} as one line, including its terminating {@code '\n'}. */
  public static void write(JsonGenerator g, long index, TraceEvent event) throws IOException {
    g.writeStartObject();
    g.writeNumberField("i", index);
    g.writeNumberField("tick", event.tick());
    g.writeStringField("kind", event.kind());
    for (Component c : COMPONENTS.get(event.getClass())) {
      if (c.name().equals("tick")) {
        continue;
      }
      g.writeFieldName(c.key());
      writeValue(g, c.get(event));
    }
    g.writeEndObject();
    g.writeRaw('\n');
  }

  /** One event as its JSON line, without the trailing newline. */
  public static String line(long index, TraceEvent event) {
    StringWriter sw = new StringWriter();
    try (JsonGenerator g = generator(sw)) {
      write(g, index, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String s = sw.toString();
    return s.substring(0, s.length() - 1);
  }

  /** All events, numbered from 0, as JSON Lines text (each line ends in '\n'). */
  public static String toJsonl(List<? extends TraceEvent> events) {
    StringWriter sw = new StringWriter();
    try (JsonGenerator g = generator(sw)) {
      for (int k = 0; k < events.size(); k++) {
        write(g, k, events.get(k));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  /** A single value (a message, a timer, ...) as compact JSON, by the rules above. */
  public static String valueJson(Object value) {
    StringWriter sw = new StringWriter();
    try (JsonGenerator g = generator(sw)) {
      writeValue(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  /** Writes one value by the rules in the class comment. */
  public static void writeValue(JsonGenerator g, Object value) throws IOException {
    // The most frequent values first, before the pattern switch's type dispatch.
    if (value instanceof String s) {
      g.writeString(s);
      return;
    }
    if (value instanceof NodeId n) {
      g.writeString(n.name());
      return;
    }
    if (value instanceof Long l) {
      g.writeNumber(l);
      return;
    }
    if (value instanceof Integer i) {
      g.writeNumber(i);
      return;
    }
    switch (value) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case NodeId n -> g.writeString(n.name());
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Short s -> g.writeNumber(s);
      case Byte b -> g.writeNumber(b);
      case Double d -> g.writeNumber(d);
      case Float f -> g.writeNumber(f);
      case Boolean b -> g.writeBoolean(b);
      case Character c -> g.writeString(String.valueOf(c));
      case Enum<?> e -> g.writeString(e.name());
      case HistoryEvent h -> HistoryJson.write(g, h);
      case StateDescription d -> writeDescription(g, d);
      case TraceEvent.Link link -> {
        g.writeStartObject();
        g.writeStringField("from", link.from().name());
        g.writeStringField("to", link.to().name());
        g.writeEndObject();
      }
      case Record r -> writeRecord(g, r);
      case Optional<?> o -> writeValue(g, o.orElse(null));
      case byte[] bytes -> g.writeBinary(bytes);
      case Collection<?> c -> writeCollection(g, c);
      case Map<?, ?> m -> writeMap(g, m);
      default -> g.writeString(value.toString());
    }
  }

  /** A state description: an object of its fields in the order the protocol put them. */
  private static void writeDescription(JsonGenerator g, StateDescription d) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : d.fields().entrySet()) {
      g.writeFieldName(e.getKey());
      writeValue(g, e.getValue());
    }
    g.writeEndObject();
  }

  private static void writeRecord(JsonGenerator g, Record r) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", r.getClass().getSimpleName());
    for (Component c : COMPONENTS.get(r.getClass())) {
      g.writeFieldName(c.keyInRecord());
      writeValue(g, c.get(r));
    }
    g.writeEndObject();
  }

  private static boolean ordered(Object collection) {
    return collection instanceof List
        || collection instanceof SortedSet
        || collection instanceof SortedMap
        || collection instanceof LinkedHashSet
        || collection instanceof LinkedHashMap
        || collection instanceof ImmutableCollection
        || collection instanceof ImmutableMap
        || collection instanceof java.util.ArrayDeque;
  }

  private static void writeCollection(JsonGenerator g, Collection<?> c) throws IOException {
    g.writeStartArray();
    if (ordered(c)) {
      for (Object element : c) {
        writeValue(g, element);
      }
    } else {
      // Hash order must not reach the trace: order elements by their JSON text.
      List<String> parts = new ArrayList<>(c.size());
      for (Object element : c) {
        parts.add(valueJson(element));
      }
      parts.sort(null);
      for (String part : parts) {
        g.writeRawValue(part);
      }
    }
    g.writeEndArray();
  }

  private static void writeMap(JsonGenerator g, Map<?, ?> m) throws IOException {
    g.writeStartObject();
    if (ordered(m)) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(keyText(e.getKey()));
        writeValue(g, e.getValue());
      }
    } else {
      List<Map.Entry<String, Object>> entries = new ArrayList<>(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        entries.add(Map.entry(keyText(e.getKey()), nullSafe(e.getValue())));
      }
      entries.sort(Map.Entry.comparingByKey());
      for (Map.Entry<String, Object> e : entries) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue() == NULL ? null : e.getValue());
      }
    }
    g.writeEndObject();
  }

  private static final Object NULL = new Object();

  private static Object nullSafe(Object v) {
    return v == null ? NULL : v;
  }

  private static String keyText(Object key) {
    return key instanceof NodeId n ? n.name() : String.valueOf(key);
  }
}
