package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.pb.PbMessage.StateTransfer;
import dev.faultline.protocols.pb.PbMessage.StateTransferAck;
import dev.faultline.protocols.pb.PbMessage.ViewReply;
import dev.faultline.sim.api.NodeId;
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
}
