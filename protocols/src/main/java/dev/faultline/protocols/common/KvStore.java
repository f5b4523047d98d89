package dev.faultline.protocols.common;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Fingerprinted;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated application: a string key-value map with get, put and append (the linearizability
 * checker's kv model; absent keys read as ""). Sorted, so copies and fingerprints are canonical.
 */
public final class KvStore implements Fingerprinted {
  private final TreeMap<String, String> data;

  public KvStore() {
    this.data = new TreeMap<>();
  }

  private KvStore(TreeMap<String, String> data) {
    this.data = data;
  }

  /** Applies one operation and returns its output (a get's value; "" for put and append). */
  public String apply(String f, String key, String value) {
    return switch (f) {
      case "get" -> data.getOrDefault(key, "");
      case "put" -> {
        data.put(key, value);
        yield "";
      }
      case "append" -> {
        data.merge(key, value, String::concat);
        yield "";
      }
      default -> throw new IllegalArgumentException("unknown KV operation '" + f + "'");
    };
  }

  public String get(String key) {
    return data.getOrDefault(key, "");
  }

  /** True if f changes state (put, append). */
  public static boolean isWrite(String f) {
    return !"get".equals(f);
  }

  public KvStore copy() {
    return new KvStore(new TreeMap<>(data));
  }

  /** An immutable snapshot, for snapshots and state transfer. */
  public Map<String, String> snapshot() {
    return com.google.common.collect.ImmutableSortedMap.copyOf(data);
  }

  public static KvStore fromSnapshot(Map<String, String> snapshot) {
    return new KvStore(new TreeMap<>(snapshot));
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putInt(data.size());
    for (Map.Entry<String, String> e : data.entrySet()) {
      sink.putString(e.getKey(), StandardCharsets.UTF_8).putByte((byte) 0);
      sink.putString(e.getValue(), StandardCharsets.UTF_8).putByte((byte) 0);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvStore other && data.equals(other.data);
  }

  @Override
  public int hashCode() {
    return data.hashCode();
  }

  @Override
  public String toString() {
    return data.toString();
  }
}
