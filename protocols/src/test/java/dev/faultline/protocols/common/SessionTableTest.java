package dev.faultline.protocols.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The session table (sorted arrays) against a {@code TreeMap} reference, the structure it replaced:
 * the same outputs, snapshots, descriptions, fingerprint bytes and hash codes after random
 * executes, records, copies and snapshot round trips.
 */
class SessionTableTest {

  @Test
  void behavesAsTheSortedMapItReplaced() {
    SplittableRandom rnd = new SplittableRandom(18);
    String[] clients = {"c1", "c2", "c10", "c3", "admin", "b7"};
    for (int run = 0; run < 200; run++) {
      SessionTable table = new SessionTable();
      KvStore kv = new KvStore();
      TreeMap<String, SessionTable.Entry> ref = new TreeMap<>();
      KvStore refKv = new KvStore();
      for (int step = 0; step < 40; step++) {
        String client = new String(clients[rnd.nextInt(clients.length)]); // equal, not identical
        long seq = 1 + rnd.nextInt(6);
        switch (rnd.nextInt(4)) {
          case 0 -> {
            String out = rnd.nextBoolean() ? "x" + step : "";
            table.record(client, seq, out);
            ref.put(client, new SessionTable.Entry(seq, out));
          }
          case 1 -> {
            SessionTable copy = table.copy();
            copy.record(client, seq + 100, "only in the copy");
            assertNotEquals(copy, table);
          }
          case 2 -> table = SessionTable.fromSnapshot(table.snapshot());
          default -> {
            String f = rnd.nextBoolean() ? "append" : "get";
            String got = table.execute(kv, client, seq, f, "k", "v" + step);
            assertEquals(referenceExecute(ref, refKv, client, seq, f, "v" + step), got);
          }
        }
        assertEquals(
            ref.get(client) != null && seq <= ref.get(client).seq(),
            table.alreadyExecuted(client, seq));
        assertEquals(ref, table.snapshot());
        assertEquals(ref.hashCode(), table.hashCode());
        assertEquals(fingerprint(ref), fingerprint(table));
        assertEquals(SessionTable.fromSnapshot(ref), table);
        assertEquals(ref.size(), table.described().size());
      }
    }
  }

  private static String referenceExecute(
      TreeMap<String, SessionTable.Entry> ref,
      KvStore kv,
      String client,
      long seq,
      String f,
      String value) {
    SessionTable.Entry e = ref.get(client);
    if (e != null && seq <= e.seq()) {
      return seq == e.seq() ? e.output() : "";
    }
    String out = kv.apply(f, "k", value);
    ref.put(client, new SessionTable.Entry(seq, out));
    return out;
  }

  private static String fingerprint(SessionTable t) {
    Hasher h = Hashing.sha256().newHasher();
    t.fingerprint(h);
    return h.hash().toString();
  }

  /** The bytes the TreeMap-backed table wrote. */
  private static String fingerprint(Map<String, SessionTable.Entry> ref) {
    Hasher h = Hashing.sha256().newHasher();
    h.putInt(ref.size());
    for (Map.Entry<String, SessionTable.Entry> e : ref.entrySet()) {
      h.putString(e.getKey(), StandardCharsets.UTF_8).putByte((byte) 0);
      h.putLong(e.getValue().seq());
      h.putString(e.getValue().output(), StandardCharsets.UTF_8).putByte((byte) 0);
    }
    return h.hash().toString();
  }
}
