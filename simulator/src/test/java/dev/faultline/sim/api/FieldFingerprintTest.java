package dev.faultline.sim.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hasher;
import com.google.common.hash.PrimitiveSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The generic encoding of a state's fields: what it writes, and that a hand-written fingerprint
 * leaving out, reordering or re-encoding a field differs from it, naming the field.
 */
class FieldFingerprintTest {

  /** Writes its own bytes, as a KV store does. */
  private record Table(TreeMap<String, String> data) implements Fingerprinted {
    @Override
    public void fingerprint(PrimitiveSink sink) {
      sink.putInt(data.size());
      data.forEach((k, v) -> sink.putString(k + "=" + v, StandardCharsets.UTF_8).putByte((byte) 0));
    }
  }

  private static class Base {
    long term = 3;
  }

  /** A superclass field, plain values, a list, a self-fingerprinting table, a transient cache. */
  private static final class State extends Base {
    String leader = "n2";
    List<Long> log = new ArrayList<>(List.of(1L, 2L));
    Table table = new Table(new TreeMap<>(java.util.Map.of("k", "v")));
    transient long cache = 99;
  }

  /** The fingerprint State's fields call for, by hand; {@code skip} leaves one field out. */
  private static Consumer<PrimitiveSink> byHand(State s, String skip) {
    return sink -> {
      if (!"term".equals(skip)) {
        Fingerprints.put(sink, s.term);
      }
      if (!"leader".equals(skip)) {
        Fingerprints.put(sink, s.leader);
      }
      if (!"log".equals(skip)) {
        Fingerprints.put(sink, s.log);
      }
      if (!"table".equals(skip)) {
        s.table.fingerprint(sink);
      }
    };
  }

  @Test
  void theReferenceIsTheSuperclassFieldsThenTheClassFieldsInOrderWithoutTransientOnes() {
    assertNull(FieldFingerprint.mismatch(new State(), byHand(new State(), null)));
    State s = new State();
    s.cache = 7;
    assertArrayEquals(FieldFingerprint.reference(new State()), FieldFingerprint.reference(s));
  }

  @Test
  void itsBytesAreWhatTheHashFunctionReads() {
    State s = new State();
    Hasher byReference = Fingerprints.hashFunction().newHasher();
    byReference.putBytes(FieldFingerprint.reference(s));
    Hasher direct = Fingerprints.hashFunction().newHasher();
    byHand(s, null).accept(direct);
    assertEquals(direct.hash(), byReference.hash());
  }

  @Test
  void eachLeftOutFieldIsCaughtAndNamed() {
    for (String field : List.of("term", "leader", "log", "table")) {
      String found = FieldFingerprint.mismatch(new State(), byHand(new State(), field));
      assertNotNull(found, field);
      assertTrue(found.contains("they part in field " + field), found);
    }
  }

  @Test
  void aReorderedOrReEncodedFieldIsCaught() {
    State s = new State();
    Consumer<PrimitiveSink> swapped =
        sink -> {
          Fingerprints.put(sink, s.leader);
          Fingerprints.put(sink, s.term);
          Fingerprints.put(sink, s.log);
          s.table.fingerprint(sink);
        };
    assertTrue(FieldFingerprint.mismatch(s, swapped).contains("they part in field term"));
    Consumer<PrimitiveSink> untagged =
        sink -> {
          sink.putLong(s.term);
          Fingerprints.put(sink, s.leader);
          Fingerprints.put(sink, s.log);
          s.table.fingerprint(sink);
        };
    assertTrue(FieldFingerprint.mismatch(s, untagged).contains("they part in field term"));
    Consumer<PrimitiveSink> extra =
        byHand(s, null).andThen(sink -> Fingerprints.put(sink, s.cache));
    assertTrue(FieldFingerprint.mismatch(s, extra).contains("writes more after the last field"));
  }
}
