package dev.faultline.protocols.common;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Fingerprinted;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * At-most-once table: per client, the highest sequence number executed and its output. It is part
 * of the replicated state (applied in log order, carried in snapshots and state transfer), so a
 * retried request is answered from here instead of running twice.
 */
public final class SessionTable implements Fingerprinted {
  /** A client's last executed request and its output. */
  public record Entry(long seq, String output) {}

  private final TreeMap<String, Entry> table;

  public SessionTable() {
    this.table = new TreeMap<>();
  }

  private SessionTable(TreeMap<String, Entry> table) {
    this.table = table;
  }

  /** The stored output if (client, seq) already ran (or an older seq: stale, output null). */
  public boolean alreadyExecuted(String client, long seq) {
    Entry e = table.get(client);
    return e != null && seq <= e.seq();
  }

  /** The output stored for exactly this (client, seq), or null. */
  public String outputOf(String client, long seq) {
    Entry e = table.get(client);
    return e != null && e.seq() == seq ? e.output() : null;
  }

  public void record(String client, long seq, String output) {
    table.put(client, new Entry(seq, output));
  }

  /**
   * Runs {@code f} on {@code kv} exactly once per (client, seq): a duplicate returns the stored
   * output without executing again.
   */
  public String execute(KvStore kv, String client, long seq, String f, String key, String value) {
    Entry e = table.get(client);
    if (e != null && seq <= e.seq()) {
      return seq == e.seq() ? e.output() : "";
    }
    String out = kv.apply(f, key, value);
    table.put(client, new Entry(seq, out));
    return out;
  }

  public SessionTable copy() {
    return new SessionTable(new TreeMap<>(table));
  }

  public Map<String, Entry> snapshot() {
    return com.google.common.collect.ImmutableSortedMap.copyOf(table);
  }

  /** For state descriptions: each client's last executed request, as "#seq -> output". */
  public Map<String, String> described() {
    java.util.TreeMap<String, String> out = new java.util.TreeMap<>();
    table.forEach((client, e) -> out.put(client, "#" + e.seq() + " -> " + e.output()));
    return out;
  }

  public static SessionTable fromSnapshot(Map<String, Entry> snapshot) {
    return new SessionTable(new TreeMap<>(snapshot));
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putInt(table.size());
    for (Map.Entry<String, Entry> e : table.entrySet()) {
      sink.putString(e.getKey(), StandardCharsets.UTF_8).putByte((byte) 0);
      sink.putLong(e.getValue().seq());
      sink.putString(e.getValue().output(), StandardCharsets.UTF_8).putByte((byte) 0);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionTable other && table.equals(other.table);
  }

  @Override
  public int hashCode() {
    return table.hashCode();
  }
}
