package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.FieldFingerprint;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link ViewServerState#copy} shares its collections copy-on-write: on random trees of copies,
 * each changed through the view server's methods (copies and originals alike, in any order), every
 * state holds exactly what a deep copy would hold (a shadow model of plain collections, copied
 * deeply), and its fingerprint is the generic encoding of its fields.
 */
class ViewServerStateCopyTest {
  static final List<NodeId> NODES = List.of(NodeId.of("s1"), NodeId.of("s2"), NodeId.of("s3"));

  /** What a state should hold, kept with deep copies. */
  record Shadow(
      TreeSet<NodeId> thisInterval,
      TreeSet<NodeId> lastInterval,
      TreeMap<NodeId, Long> incarnations,
      TreeSet<NodeId> restarted,
      List<ViewServerState.ViewChange> changes) {
    static Shadow fresh() {
      return new Shadow(
          new TreeSet<>(), new TreeSet<>(), new TreeMap<>(), new TreeSet<>(), new ArrayList<>());
    }

    Shadow copy() {
      return new Shadow(
          new TreeSet<>(thisInterval),
          new TreeSet<>(lastInterval),
          new TreeMap<>(incarnations),
          new TreeSet<>(restarted),
          new ArrayList<>(changes));
    }

    void assertHeldBy(ViewServerState s, String where) {
      assertEquals(thisInterval, s.pingedThisInterval, where);
      assertEquals(lastInterval, s.pingedLastInterval, where);
      assertEquals(incarnations, s.incarnations, where);
      assertEquals(restarted, s.restarted, where);
      assertEquals(changes, s.changes, where);
    }
  }

  @Test
  void copiesAndOriginalsChangeIndependently() {
    int changed = 0;
    for (long seed = 1; seed <= 100; seed++) {
      Rng rng = Rng.derived(seed, "pb-view-server-copies");
      List<ViewServerState> states = new ArrayList<>(List.of(new ViewServerState()));
      List<Shadow> shadows = new ArrayList<>(List.of(Shadow.fresh()));
      for (int step = 0; step < 300; step++) {
        int i = rng.nextInt(states.size());
        if (rng.chance(0.3)) {
          states.add(states.get(i).copy());
          shadows.add(shadows.get(i).copy());
          continue;
        }
        change(rng, states.get(i), shadows.get(i));
        changed++;
        for (int k = 0; k < states.size(); k++) {
          shadows.get(k).assertHeldBy(states.get(k), "seed " + seed + ", step " + step + ", #" + k);
        }
      }
      for (ViewServerState s : states) {
        assertNull(FieldFingerprint.mismatch(s), "seed " + seed);
      }
    }
    assertTrue(changed > 10_000, "changes: " + changed);
  }

  /** One of the view server's changes, to the state and to its shadow. */
  private static void change(Rng rng, ViewServerState s, Shadow shadow) {
    NodeId n = NODES.get(rng.nextInt(NODES.size()));
    switch (rng.nextInt(5)) {
      case 0 -> {
        s.pinged(n);
        shadow.thisInterval().add(n);
      }
      case 1 -> {
        s.newInterval();
        shadow.lastInterval().clear();
        shadow.lastInterval().addAll(shadow.thisInterval());
        shadow.thisInterval().clear();
      }
      case 2 -> {
        long incarnation = 1 + rng.nextInt(3);
        assertEquals(shadow.incarnations().put(n, incarnation), s.incarnationSeen(n, incarnation));
      }
      case 3 -> {
        s.markRestarted(n);
        shadow.restarted().add(n);
      }
      default -> {
        View to = new View(shadow.changes().size() + 1, n, null);
        ViewServerState.ViewChange c = new ViewServerState.ViewChange(s.view, to, rng.chance(0.5));
        s.logChange(c);
        shadow.changes().add(c);
        shadow.restarted().clear();
      }
    }
  }
}
