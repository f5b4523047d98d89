package dev.faultline.protocols.grove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.grove.GroveMessage.BecomePrimary;
import dev.faultline.protocols.grove.GroveMessage.BecomePrimaryReply;
import dev.faultline.protocols.grove.GroveMessage.GetState;
import dev.faultline.protocols.grove.GroveMessage.ReserveEpoch;
import dev.faultline.protocols.grove.GroveMessage.ReserveReply;
import dev.faultline.protocols.grove.GroveMessage.SetState;
import dev.faultline.protocols.grove.GroveMessage.SetStateReply;
import dev.faultline.protocols.grove.GroveMessage.StateReply;
import dev.faultline.protocols.grove.GroveMessage.WriteConfig;
import dev.faultline.protocols.grove.GroveMessage.WriteConfigReply;
import dev.faultline.protocols.grove.GroveMessage.WriteStatus;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The reconfiguration admin's order (reserve, seal and fetch, install, activate, set the primary),
 * driven by hand: epoch 1 = s1, s2 is active, and a planned step moves to s3, s2.
 */
class GroveAdminTest {
  static final NodeId S1 = NodeId.of("s1");
  static final NodeId S2 = NodeId.of("s2");
  static final NodeId S3 = NodeId.of("s3");
  static final NodeId CFG = NodeId.of("cfg");
  static final List<NodeId> SERVERS = List.of(S1, S2, S3);
  static final Snapshot EMPTY = new Snapshot(List.of(), new TreeMap<>(), new TreeMap<>(), 0);

  final GroveEffects out = new GroveEffects("admin");

  static GroveAdmin admin(String variant) {
    Map<String, String> options =
        Map.of("bootEpoch", "true", "initialServers", "s1,s2", "reconfig", "50:s3,s2");
    return new GroveAdmin(GroveConfig.from(SERVERS, variant, options), CFG);
  }

  /** The admin after its planned step started and the config service reserved epoch 2. */
  AdminState reserved(GroveAdmin a) {
    AdminState s = a.init(NodeId.of("admin"), null, out);
    a.onTimer(s, new GroveTimer.NextStep(), out);
    assertEquals(List.of(CFG), out.recipientsOf(ReserveEpoch.class));
    a.onMessage(s, CFG, new ReserveReply(2, 1, List.of(S1, S2)), out);
    return s;
  }

  /** Through SetState on every new server. */
  AdminState installed(GroveAdmin a) {
    AdminState s = reserved(a);
    a.onMessage(s, S1, new StateReply(2, true, EMPTY), out);
    a.onMessage(s, S3, new SetStateReply(2, true), out);
    a.onMessage(s, S2, new SetStateReply(2, true), out);
    return s;
  }

  @Test
  void theStateComesFromAnOldServerAndGoesToEveryNewOne() {
    GroveAdmin a = admin(null);
    AdminState s = reserved(a);
    assertEquals(List.of(S1), out.recipientsOf(GetState.class), "the old configuration's first");
    assertEquals(2, out.last(GetState.class).epoch());
    a.onMessage(s, S1, new StateReply(2, true, EMPTY), out);
    assertEquals(List.of(S3, S2), out.recipientsOf(SetState.class));
    a.onMessage(s, S3, new SetStateReply(2, true), out);
    assertTrue(out.sentOf(WriteConfig.class).isEmpty(), "s2 has not installed it yet");
  }

  @Test
  void withStateFromRotateTheStateComesFromTheServerTheEpochPointsAtThenTheNext() {
    Map<String, String> options =
        Map.of(
            "bootEpoch", "true",
            "initialServers", "s1,s2",
            "reconfig", "50:s3,s2",
            "stateFrom", "rotate");
    GroveAdmin a = new GroveAdmin(GroveConfig.from(SERVERS, null, options), CFG);
    AdminState s = a.init(NodeId.of("admin"), null, out);
    a.onTimer(s, new GroveTimer.NextStep(), out);
    a.onMessage(s, CFG, new ReserveReply(3, 1, List.of(S1, S2)), out);
    assertEquals(List.of(S2), out.recipientsOf(GetState.class), "epoch 3 of [s1, s2]: s2");
    out.clear();
    a.onTimer(s, new GroveTimer.PhaseRetry(), out);
    assertEquals(List.of(S1), out.recipientsOf(GetState.class), "unanswered: the next one");
  }

  @Test
  void theEpochIsActivatedBeforeThePrimaryIsSetAndTheWaitIsHonoured() {
    GroveAdmin a = admin(null);
    AdminState s = installed(a);
    assertEquals(new WriteConfig(2, List.of(S3, S2)), out.last(WriteConfig.class));
    assertTrue(out.sentOf(BecomePrimary.class).isEmpty(), "no primary before activation");
    out.clear();
    a.onMessage(s, CFG, new WriteConfigReply(2, WriteStatus.WAIT, 17), out);
    assertTrue(
        out.timers.contains(new GroveEffects.TimerSet(new GroveTimer.PhaseRetry(), 17)),
        out.timers.toString());
    a.onTimer(s, new GroveTimer.PhaseRetry(), out);
    assertEquals(1, out.sentOf(WriteConfig.class).size(), "asks again after the wait");
    a.onMessage(s, CFG, new WriteConfigReply(2, WriteStatus.OK, 0), out);
    assertEquals(List.of(S3), out.recipientsOf(BecomePrimary.class));
    a.onMessage(s, S3, new BecomePrimaryReply(2, true), out);
    assertEquals(2, s.stepsDone(), "boot epoch and this step");
    assertEquals("idle", s.phaseName());
  }

  @Test
  void g1SetsThePrimaryBeforeTheEpochIsActive() {
    GroveAdmin a = admin("G1");
    AdminState s = installed(a);
    assertEquals(List.of(S3), out.recipientsOf(BecomePrimary.class));
    assertTrue(out.sentOf(WriteConfig.class).isEmpty());
    a.onMessage(s, S3, new BecomePrimaryReply(2, true), out);
    assertEquals(1, out.sentOf(WriteConfig.class).size());
  }

  @Test
  void aStaleEpochStartsOverWithANewReservation() {
    GroveAdmin a = admin(null);
    AdminState s = installed(a);
    out.clear();
    a.onMessage(s, CFG, new WriteConfigReply(2, WriteStatus.STALE, 0), out);
    assertEquals(List.of(CFG), out.recipientsOf(ReserveEpoch.class));
    assertEquals("RESERVE", s.phaseName());
  }
}
