package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.common.EndState;
import dev.faultline.protocols.pb.PbMessage.StateTransfer;
import dev.faultline.protocols.pb.PbMessage.StateTransferAck;
import dev.faultline.protocols.pb.PbMessage.ViewReply;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * State transfers are addressed to one life of the backup (fuzz seed 1936): a backup that rebooted
 * inside a view must not install a delayed snapshot sent to its previous life, because the primary
 * may have executed (and acknowledged) operations since; and a primary whose transfer is still
 * outstanding re-addresses it when the view server reports the backup's new life.
 */
class PbServerRestartTest {
  static final NodeId VS = NodeId.of("vs");
  static final NodeId S1 = NodeId.of("s1");
  static final View VIEW2 = new View(2, S1, NodeId.of("s2"));

  final PbServer server = new PbServer(PbConfig.DEFAULT, null, VS);

  static StateTransfer snapshot(long toIncarnation) {
    TreeMap<String, String> kv = new TreeMap<>();
    kv.put("k2", "c3-2");
    return new StateTransfer(2, toIncarnation, kv, new TreeMap<>());
  }

  /** s2 in its second life (it rebooted once), told by the view server it is view 2's backup. */
  PbServerState rebootedBackup(RecordingEffects out) {
    PbServerState s = server.init(NodeId.of("s2"), new PbServer.BootRecord(1), out);
    server.onMessage(s, VS, new ViewReply(VIEW2, 2, 2), out);
    assertEquals(VIEW2, s.view());
    return s;
  }

  @Test
  void rebootedBackupRefusesASnapshotMeantForItsPreviousLife() {
    RecordingEffects out = new RecordingEffects("s2");
    PbServerState s = rebootedBackup(out);
    out.sent.clear();
    server.onMessage(s, S1, snapshot(1), out);
    assertEquals(-1, s.installedViewNum(), "a snapshot addressed to life 1 must not be installed");
    assertTrue(s.kv().snapshot().isEmpty());
    assertTrue(out.sentOf(StateTransferAck.class).isEmpty(), "and must not be acknowledged");

    server.onMessage(s, S1, snapshot(2), out);
    assertEquals(2, s.installedViewNum(), "the snapshot addressed to this life is installed");
    assertEquals(
        new StateTransferAck(2, 2), out.sentOf(StateTransferAck.class).get(0), "acked by life 2");
  }

  @Test
  void primaryReaddressesAnOutstandingTransferToTheBackupsNewLife() {
    RecordingEffects out = new RecordingEffects("s1");
    PbServerState p = server.init(S1, null, out);
    server.onMessage(p, VS, new ViewReply(VIEW2, 1, 1), out);
    assertEquals(1, out.sentOf(StateTransfer.class).get(0).toIncarnation());
    // An ack from the backup's first life arriving after the view server reported its reboot:
    server.onMessage(p, VS, new ViewReply(VIEW2, 1, 2), out);
    assertEquals(2, out.sentOf(StateTransfer.class).get(1).toIncarnation(), "re-addressed");
    server.onMessage(p, NodeId.of("s2"), new StateTransferAck(2, 1), out);
    assertTrue(!p.transferDone(), "an ack from the previous life no longer completes the transfer");
    server.onMessage(p, NodeId.of("s2"), new StateTransferAck(2, 2), out);
    assertTrue(p.transferDone());
  }

  /**
   * TransferReachedBackup catches a primary without the incarnation test in its ack handler: after
   * the view server reported the backup's second life, an ack from the first completes the
   * transfer, although the second life installed nothing.
   */
  @Test
  void aStaleAckThatCompletesTheTransferIsCaught() {
    PbInvariants.TransferReachedBackup inv =
        new PbInvariants.TransferReachedBackup(List.of(S1, NodeId.of("s2")));
    PbServerState backup = rebootedBackup(new RecordingEffects("s2"));
    for (boolean planted : List.of(false, true)) {
      Protocol<PbServerState, PbMessage, PbTimer> primary =
          planted ? new AcceptsAnyLifesAck(server) : server;
      RecordingEffects out = new RecordingEffects("s1");
      PbServerState p = primary.init(S1, null, out);
      primary.onMessage(p, VS, new ViewReply(VIEW2, 1, 1), out);
      primary.onMessage(p, VS, new ViewReply(VIEW2, 1, 2), out);
      primary.onMessage(p, NodeId.of("s2"), new StateTransferAck(2, 1), out);
      EndState end = new EndState().up("s1", p).up("s2", backup);
      if (planted) {
        String found = inv.check(end);
        assertNotNull(found, "an ack from the backup's first life completed the transfer");
        assertTrue(found.contains("installed only view -1"), found);
      } else {
        assertNull(inv.check(end), "the correct primary waits");
      }
    }
    RecordingEffects out = new RecordingEffects("s2");
    server.onMessage(backup, S1, snapshot(2), out);
    RecordingEffects primaryOut = new RecordingEffects("s1");
    PbServerState p = server.init(S1, null, primaryOut);
    server.onMessage(p, VS, new ViewReply(VIEW2, 1, 2), primaryOut);
    server.onMessage(p, NodeId.of("s2"), new StateTransferAck(2, 2), primaryOut);
    assertTrue(p.transferDone());
    assertNull(inv.check(new EndState().up("s1", p).up("s2", backup)), "the real ack");
  }

  /** A primary without the incarnation test: it reads every ack as from the life it addressed. */
  static final class AcceptsAnyLifesAck extends ServerDelegate {
    AcceptsAnyLifesAck(Protocol<PbServerState, PbMessage, PbTimer> correct) {
      super(correct);
    }

    @Override
    public void onMessage(
        PbServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
      PbMessage read =
          m instanceof StateTransferAck a
              ? new StateTransferAck(a.viewNum(), s.backupIncarnation)
              : m;
      correct.onMessage(s, from, read, out);
    }
  }
}
