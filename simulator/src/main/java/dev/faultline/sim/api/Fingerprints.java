package dev.faultline.sim.api;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.hash.PrimitiveSink;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Canonical fingerprints of values, independent of JVM run and hash order: records component by
 * component, enums by name, lists in order, sorted collections in order, and unsorted sets and maps
 * sorted by the fingerprints of their elements. The hash function is pinned (Murmur3 128-bit, seed
 * 0), so fingerprints are stable across runs and JDKs.
 */
public final class Fingerprints {
  private static final HashFunction HASH = Hashing.murmur3_128(0);

  private Fingerprints() {}

  public static HashFunction hashFunction() {
    return HASH;
  }

  /** A 64-bit fingerprint of one value. */
  public static long of(Object value) {
    Hasher hasher = HASH.newHasher();
    put(hasher, value);
    return hasher.hash().asLong();
  }

  /** Writes {@code value} canonically to {@code sink}. */
  public static void put(PrimitiveSink sink, Object value) {
    switch (value) {
      case null -> sink.putByte((byte) 0);
      case String s ->
          sink.putByte((byte) 1).putInt(s.length()).putString(s, StandardCharsets.UTF_8);
      case Integer i -> sink.putByte((byte) 2).putInt(i);
      case Long l -> sink.putByte((byte) 3).putLong(l);
      case Boolean b -> sink.putByte((byte) 4).putBoolean(b);
      case Enum<?> e ->
          sink.putByte((byte) 5)
              .putString(e.getDeclaringClass().getName(), StandardCharsets.UTF_8)
              .putString(e.name(), StandardCharsets.UTF_8);
      case NodeId n -> putNode(sink, n);
      case NodeState<?> s -> {
        sink.putByte((byte) 7);
        s.fingerprint(sink);
      }
      case Record r -> putRecord(sink, r);
      case Optional<?> o -> {
        sink.putByte((byte) 9);
        put(sink, o.orElse(null));
      }
      case List<?> list -> {
        sink.putByte((byte) 10).putInt(list.size());
        for (Object element : list) {
          put(sink, element);
        }
      }
      case SortedSet<?> set -> {
        sink.putByte((byte) 11).putInt(set.size());
        for (Object element : set) {
          put(sink, element);
        }
      }
      case SortedMap<?, ?> map -> {
        sink.putByte((byte) 12).putInt(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          put(sink, entry.getKey());
          put(sink, entry.getValue());
        }
      }
      case Collection<?> unordered -> putUnordered(sink, unordered);
      case Map<?, ?> unordered -> putUnordered(sink, unordered);
      case byte[] bytes -> sink.putByte((byte) 15).putInt(bytes.length).putBytes(bytes);
      case Double d -> sink.putByte((byte) 16).putDouble(d);
      default ->
          throw new IllegalArgumentException(
              "no canonical fingerprint for "
                  + value.getClass().getName()
                  + "; use records, enums, strings, numbers, NodeIds and collections");
    }
  }

  /** Hash order must not leak: elements go in the order of their own fingerprints. */
  private static void putUnordered(PrimitiveSink sink, Collection<?> unordered) {
    long[] parts = new long[unordered.size()];
    int k = 0;
    for (Object element : unordered) {
      parts[k++] = of(element);
    }
    java.util.Arrays.sort(parts);
    sink.putByte((byte) 13).putInt(parts.length);
    for (long part : parts) {
      sink.putLong(part);
    }
  }

  /** Entries in the order of their key's, then value's, fingerprint. */
  private static void putUnordered(PrimitiveSink sink, Map<?, ?> unordered) {
    List<long[]> entries = new ArrayList<>(unordered.size());
    for (Map.Entry<?, ?> entry : unordered.entrySet()) {
      entries.add(new long[] {of(entry.getKey()), of(entry.getValue())});
    }
    entries.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    sink.putByte((byte) 14).putInt(entries.size());
    for (long[] entry : entries) {
      sink.putLong(entry[0]).putLong(entry[1]);
    }
  }

  /**
   * Writes a node id or null as {@link #put} does: canonically, or as one word to an {@link
   * InMemorySink} (hand-written fingerprints call this for their node ids).
   */
  public static void putNode(PrimitiveSink sink, NodeId id) {
    if (id == null) {
      sink.putByte((byte) 0);
    } else if (sink instanceof InMemorySink local) {
      local.putNodeId(id);
    } else {
      putNodeCanonically(sink, id);
    }
  }

  /** The canonical bytes of a node id (also what an in-memory sink falls back to). */
  public static void putNodeCanonically(PrimitiveSink sink, NodeId id) {
    sink.putByte((byte) 6).putString(id.name(), StandardCharsets.UTF_8).putByte((byte) 0);
  }

  private static void putRecord(PrimitiveSink sink, Record record) {
    RecordShape shape = SHAPES.get(record.getClass());
    sink.putByte((byte) 8).putString(shape.name, StandardCharsets.UTF_8);
    for (java.lang.invoke.MethodHandle accessor : shape.accessors) {
      try {
        put(sink, accessor.invoke(record));
      } catch (Throwable e) {
        throw new IllegalStateException("cannot read a component of " + shape.name, e);
      }
    }
  }

  /**
   * A record class's name and component accessors, looked up once per class: reflection on every
   * call made fingerprinting the explorer's main cost. The bytes written are unchanged.
   */
  private record RecordShape(String name, java.lang.invoke.MethodHandle[] accessors) {}

  private static final ClassValue<RecordShape> SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          java.lang.invoke.MethodHandle[] accessors =
              new java.lang.invoke.MethodHandle[components.length];
          for (int i = 0; i < components.length; i++) {
            try {
              var accessor = components[i].getAccessor();
              accessor.setAccessible(true);
              accessors[i] =
                  java.lang.invoke.MethodHandles.lookup()
                      .unreflect(accessor)
                      .asType(java.lang.invoke.MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
              throw new IllegalStateException("cannot read " + components[i], e);
            }
          }
          return new RecordShape(type.getName(), accessors);
        }
      };
}
