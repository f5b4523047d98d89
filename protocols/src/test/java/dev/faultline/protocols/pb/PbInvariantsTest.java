package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.common.EndState;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each invariant holds on a good state and fails on a bad one. OnePrimaryPerView and
 * PrimaryFromPreviousView are not tripped by any of B1..B8 (the view server always picks the old
 * backup), so they are exercised here on hand-built states.
 */
class PbInvariantsTest {
  static final NodeId VS = PbSpec.VIEW_SERVER;
  static final NodeId S1 = NodeId.of("s1");
  static final NodeId S2 = NodeId.of("s2");
  static final NodeId S3 = NodeId.of("s3");
  static final List<NodeId> SERVERS = List.of(S1, S2, S3);

  static PbServerState server(View v, long installed) {
    PbServerState s = new PbServerState(1);
    s.view = v;
    s.installedViewNum = installed;
    return s;
  }

  static ViewServerState viewServer(View current, ViewServerState.ViewChange... changes) {
    ViewServerState vs = new ViewServerState();
    vs.view = current;
    vs.changes.addAll(List.of(changes));
    return vs;
  }

  @Test
  void onePrimaryPerViewComparesClaimsWithEachOtherAndTheViewServer() {
    var inv = new PbInvariants.OnePrimaryPerView(VS, SERVERS);
    View v2 = new View(2, S1, S2);
    View v3a = new View(3, S1, S2);
    View v3b = new View(3, S2, S3);
    ViewServerState vs = viewServer(v3a, new ViewServerState.ViewChange(v2, v3a, true));
    assertNull(inv.check(new EndState().up("vs", vs).up("s1", server(v3a, -1))));
    String both = inv.check(new EndState().up("s1", server(v3a, -1)).up("s2", server(v3b, -1)));
    assertNotNull(both);
    assertTrue(both.contains("s2") && both.contains("s1"), both);
    assertNotNull(
        inv.check(new EndState().up("vs", vs).up("s2", server(v3b, -1))),
        "s2 claims view 3, which the view server gave to s1");
  }

  @Test
  void primaryFromPreviousViewRejectsAnIdlePromotion() {
    var inv = new PbInvariants.PrimaryFromPreviousView(VS);
    View v2 = new View(2, S1, S2);
    View good = new View(3, S2, S3);
    View bad = new View(3, S3, null);
    assertNull(
        inv.check(
            new EndState()
                .up("vs", viewServer(good, new ViewServerState.ViewChange(v2, good, true)))));
    assertNotNull(
        inv.check(
            new EndState()
                .up("vs", viewServer(bad, new ViewServerState.ViewChange(v2, bad, true)))));
    View skip = new View(5, S2, null);
    assertNotNull(
        inv.check(
            new EndState()
                .up("vs", viewServer(skip, new ViewServerState.ViewChange(v2, skip, true)))));
  }

  /** The view-server checks read only appended changes of the same log, and keep reporting. */
  @Test
  void viewServerChecksSeeChangesAppendedToTheSameLog() {
    var from = new PbInvariants.PrimaryFromPreviousView(VS);
    var acked = new PbInvariants.NoUnackedViewSkip(VS);
    var one = new PbInvariants.OnePrimaryPerView(VS, SERVERS);
    View v2 = new View(2, S1, S2);
    View v3 = new View(3, S2, S3);
    View v4 = new View(4, S1, null); // S1 was neither primary nor backup of view 3
    ViewServerState vs = viewServer(v3, new ViewServerState.ViewChange(v2, v3, true));
    EndState view = new EndState().up("vs", vs).up("s3", server(new View(4, S3, null), -1));
    assertNull(from.check(view));
    assertNull(acked.check(view));
    assertNull(one.check(view), "nothing issued view 4 yet");
    vs.changes.add(new ViewServerState.ViewChange(v3, v4, false));
    String fromBroken = from.check(view);
    String ackedBroken = acked.check(view);
    assertNotNull(fromBroken);
    assertNotNull(ackedBroken);
    assertNotNull(one.check(view), "s3 claims view 4, which went to s1");
    vs.changes.add(new ViewServerState.ViewChange(v4, new View(5, S1, S2), true));
    assertEquals(fromBroken, from.check(view), "still the first bad change");
    assertEquals(ackedBroken, acked.check(view));
  }

  @Test
  void noUnackedViewSkip() {
    var inv = new PbInvariants.NoUnackedViewSkip(VS);
    View v2 = new View(2, S1, S2);
    View v3 = new View(3, S2, null);
    assertNull(
        inv.check(
            new EndState().up("vs", viewServer(v3, new ViewServerState.ViewChange(v2, v3, true)))));
    assertNotNull(
        inv.check(
            new EndState()
                .up("vs", viewServer(v3, new ViewServerState.ViewChange(v2, v3, false)))));
  }

  @Test
  void backupHasAckedWritesLooksAtTheCurrentInstalledBackupOnly() {
    var inv = new PbInvariants.BackupHasAckedWrites(VS, SERVERS, List.of(NodeId.of("c1")));
    View v2 = new View(2, S1, S2);
    PbClientState client = new PbClientState();
    client.ackedWriteSeq = 1;
    PbServerState backup = server(v2, 2);
    EndState sv = new EndState().up("vs", viewServer(v2)).up("s2", backup).up("c1", client);
    assertNotNull(inv.check(sv), "backup without c1's write #1");
    backup.sessions.execute(backup.kv, "c1", 1, "append", "x", "c1-1");
    assertNull(inv.check(sv));
    client.ackedWriteSeq = 2;
    backup.installedViewNum = 1; // not yet installed for view 2: the transfer is still coming
    assertNull(inv.check(sv));
  }
}
