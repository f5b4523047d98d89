package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.FieldFingerprint;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * PB's states fingerprint the generic encoding of their fields ({@link FieldFingerprint}), so
 * {@code StateFidelity} catches a fingerprint that leaves out any one field on the first state it
 * checks. Each planted fingerprint below is the real one with one field's write removed: the
 * mutants a campaign left alive while the check compared descriptions only.
 */
class PbFieldFingerprintTest {
  private static final NodeId N1 = NodeId.of("n1");
  private static final NodeId N2 = NodeId.of("n2");

  /** PbServerState's fingerprint, one write per field, in its order. */
  private static Map<String, BiConsumer<PrimitiveSink, PbServerState>> serverWrites() {
    Map<String, BiConsumer<PrimitiveSink, PbServerState>> w = new LinkedHashMap<>();
    w.put("incarnation", (k, s) -> Fingerprints.put(k, s.incarnation));
    w.put("view", (k, s) -> Fingerprints.put(k, s.view));
    w.put("reportedViewNum", (k, s) -> Fingerprints.put(k, s.reportedViewNum));
    w.put("kv", (k, s) -> s.kv.fingerprint(k));
    w.put("sessions", (k, s) -> s.sessions.fingerprint(k));
    w.put("installedViewNum", (k, s) -> Fingerprints.put(k, s.installedViewNum));
    w.put("backupIncarnation", (k, s) -> Fingerprints.put(k, s.backupIncarnation));
    w.put("transferDone", (k, s) -> Fingerprints.put(k, s.transferDone));
    w.put("pending", (k, s) -> Fingerprints.put(k, s.pending));
    w.put("queue", (k, s) -> Fingerprints.put(k, s.queue));
    return w;
  }

  /** ViewServerState's fingerprint, one write per field, in its order. */
  private static Map<String, BiConsumer<PrimitiveSink, ViewServerState>> viewServerWrites() {
    Map<String, BiConsumer<PrimitiveSink, ViewServerState>> w = new LinkedHashMap<>();
    w.put("halted", (k, s) -> Fingerprints.put(k, s.halted));
    w.put("view", (k, s) -> Fingerprints.put(k, s.view));
    w.put("primaryAcked", (k, s) -> Fingerprints.put(k, s.primaryAcked));
    w.put("pingedThisInterval", (k, s) -> Fingerprints.put(k, s.pingedThisInterval));
    w.put("pingedLastInterval", (k, s) -> Fingerprints.put(k, s.pingedLastInterval));
    w.put("incarnations", (k, s) -> Fingerprints.put(k, s.incarnations));
    w.put("restarted", (k, s) -> Fingerprints.put(k, s.restarted));
    w.put("changes", (k, s) -> Fingerprints.put(k, s.changes));
    w.put("announcedLimit", (k, s) -> Fingerprints.put(k, s.announcedLimit));
    w.put("backupWithheld", (k, s) -> Fingerprints.put(k, s.backupWithheld));
    return w;
  }

  /** The real fingerprint passes; without any one field's write it is caught, by name. */
  private static <S> void eachLeftOutFieldIsCaught(
      S state, Map<String, BiConsumer<PrimitiveSink, S>> writes) {
    assertNull(
        FieldFingerprint.mismatch(
            state, sink -> writes.values().forEach(w -> w.accept(sink, state))));
    for (String left : writes.keySet()) {
      String found =
          FieldFingerprint.mismatch(
              state,
              sink ->
                  writes.forEach(
                      (field, w) -> {
                        if (!field.equals(left)) {
                          w.accept(sink, state);
                        }
                      }));
      assertNotNull(found, "a fingerprint without " + left);
      assertTrue(found.contains("they part in field " + left), found);
    }
  }

  @org.junit.jupiter.api.Test
  void aServerFingerprintWithoutAnyOneFieldIsCaught() {
    PbServerState s = new PbServerState(2);
    s.view = new View(3, N1, N2);
    s.reportedViewNum = 2;
    s.kv.apply("append", "k", "v");
    s.installedViewNum = 1;
    s.backupIncarnation = 4;
    s.transferDone = true;
    s.pending = new PbServerState.Request(N1, 1, "get", "k", null);
    s.queue.add(new PbServerState.Request(N2, 1, "get", "k", null));
    assertNull(FieldFingerprint.mismatch(s), "PbServerState's own fingerprint");
    eachLeftOutFieldIsCaught(s, serverWrites());
    assertNull(FieldFingerprint.mismatch(new PbServerState(1)), "a fresh state");
  }

  @org.junit.jupiter.api.Test
  void aViewServerFingerprintWithoutAnyOneFieldIsCaught() {
    ViewServerState s = new ViewServerState();
    s.halted = true;
    s.view = new View(1, N1, null);
    s.primaryAcked = true;
    s.pingedThisInterval.add(N1);
    s.pingedLastInterval.add(N2);
    s.incarnations.put(N1, 1L);
    s.restarted.add(N2);
    s.changes.add(new ViewServerState.ViewChange(View.STARTUP, s.view, true));
    s.announcedLimit = "a limit";
    s.backupWithheld = true;
    assertNull(FieldFingerprint.mismatch(s), "ViewServerState's own fingerprint");
    eachLeftOutFieldIsCaught(s, viewServerWrites());
    assertNull(FieldFingerprint.mismatch(new ViewServerState()), "a fresh state");
  }
}
