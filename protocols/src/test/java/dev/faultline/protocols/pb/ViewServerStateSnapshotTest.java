package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.common.EndState;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.StateFidelity;
import org.junit.jupiter.api.Test;

/**
 * StateFidelity holds the view server's copy-on-write state to its promise: after a copy, every
 * change in place goes through a method that first takes its own collection, so the copy (which the
 * explorer keeps as a parent state) stays as it was.
 */
class ViewServerStateSnapshotTest {
  private static final NodeId S1 = NodeId.of("s1");
  private static final NodeId S2 = NodeId.of("s2");

  @Test
  void changesThroughItsMethodsLeaveTheCopyAsItWas() {
    ViewServerState s = new ViewServerState();
    EndState view = new EndState().up("vs", s);
    StateFidelity check = new StateFidelity(1);
    assertNull(check.check(view), "the check's copy now shares every collection");
    s.pinged(S1);
    s.incarnationSeen(S1, 1);
    s.markRestarted(S1);
    s.logChange(new ViewServerState.ViewChange(s.view, new View(1, S1, null), true));
    s.newInterval();
    assertNull(check.check(view));
  }

  @Test
  void aChangeInPlaceThatSkipsItsTakeIsCaught() {
    ViewServerState s = new ViewServerState();
    EndState view = new EndState().up("vs", s);
    StateFidelity check = new StateFidelity(1);
    assertNull(check.check(view));
    s.pingedThisInterval.add(S2); // what pinged() would do without own(): the copy's set too
    String found = check.check(view);
    assertNotNull(found, "the held copy changed with its original");
    assertTrue(found.startsWith("vs's copy changed after it was made"), found);
  }
}
