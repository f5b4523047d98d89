package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * StateFidelity finds a fingerprint that leaves out a field only if {@code describe()} shows that
 * field: each field of PB's states, changed alone, changes both the fingerprint and the
 * description.
 */
class PbStateDescriptionTest {
  private static final NodeId N1 = NodeId.of("n1");
  private static final NodeId N2 = NodeId.of("n2");

  private static <S extends NodeState<S>> void eachFieldShows(
      Supplier<S> fresh, Map<String, Consumer<S>> changes) {
    S base = fresh.get();
    long fp = Fingerprints.of(base);
    String described = base.describe().toString();
    changes.forEach(
        (field, change) -> {
          S changed = fresh.get();
          change.accept(changed);
          assertNotEquals(fp, Fingerprints.of(changed), field + " is fingerprinted");
          assertNotEquals(described, changed.describe().toString(), field + " is described");
        });
  }

  @Test
  void everyServerFieldIsFingerprintedAndDescribed() {
    Map<String, Consumer<PbServerState>> changes = new TreeMap<>();
    changes.put("view", s -> s.view = new View(2, N1, N2));
    changes.put("reportedViewNum", s -> s.reportedViewNum = 2);
    changes.put("kv", s -> s.kv.apply("append", "k", "v"));
    changes.put("installedViewNum", s -> s.installedViewNum = 2);
    changes.put("backupIncarnation", s -> s.backupIncarnation = 2);
    changes.put("transferDone", s -> s.transferDone = true);
    changes.put("pending", s -> s.pending = new PbServerState.Request(N1, 1, "get", "k", null));
    changes.put("queue", s -> s.queue.add(new PbServerState.Request(N1, 1, "get", "k", null)));
    eachFieldShows(() -> new PbServerState(1), changes);
    // incarnation is final: compare two lives
    assertNotEquals(Fingerprints.of(new PbServerState(1)), Fingerprints.of(new PbServerState(2)));
    assertNotEquals(
        new PbServerState(1).describe().toString(), new PbServerState(2).describe().toString());
  }

  @Test
  void everyViewServerFieldIsFingerprintedAndDescribed() {
    Map<String, Consumer<ViewServerState>> changes = new TreeMap<>();
    changes.put("halted", s -> s.halted = true);
    changes.put("view", s -> s.view = new View(1, N1, null));
    changes.put("primaryAcked", s -> s.primaryAcked = true);
    changes.put("pingedThisInterval", s -> s.pingedThisInterval.add(N1));
    changes.put("pingedLastInterval", s -> s.pingedLastInterval.add(N1));
    changes.put("incarnations", s -> s.incarnations.put(N1, 1L));
    changes.put("restarted", s -> s.restarted.add(N1));
    changes.put(
        "changes",
        s -> s.changes.add(new ViewServerState.ViewChange(View.STARTUP, View.STARTUP, true)));
    changes.put("announcedLimit", s -> s.announcedLimit = "a limit");
    changes.put("backupWithheld", s -> s.backupWithheld = true);
    eachFieldShows(ViewServerState::new, changes);
  }
}
