package dev.faultline.protocols.grove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.grove.GroveMessage.GetLease;
import dev.faultline.protocols.grove.GroveMessage.LeaseReply;
import dev.faultline.protocols.grove.GroveMessage.ReserveEpoch;
import dev.faultline.protocols.grove.GroveMessage.ReserveReply;
import dev.faultline.protocols.grove.GroveMessage.WriteConfig;
import dev.faultline.protocols.grove.GroveMessage.WriteConfigReply;
import dev.faultline.protocols.grove.GroveMessage.WriteStatus;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config service's rules (leases of 100 ticks), one handler call at a time. */
class ConfigServiceTest {
  static final NodeId S1 = NodeId.of("s1");
  static final NodeId S2 = NodeId.of("s2");
  static final NodeId ADMIN = NodeId.of("admin");
  static final List<NodeId> SERVERS = List.of(S1, S2);

  final GroveEffects out = new GroveEffects("cfg");

  static ConfigService service(String variant) {
    return new ConfigService(GroveConfig.from(SERVERS, variant, Map.of()));
  }

  /** A config service with epoch 1 active on s1, s2 (reserved and written at clock [0, 20]). */
  ConfigState active(ConfigService cfg) {
    ConfigState s = cfg.init(NodeId.of("cfg"), null, out);
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out);
    cfg.onMessage(s, ADMIN, new WriteConfig(1, SERVERS), out.at(0, 20));
    assertEquals(WriteStatus.OK, out.last(WriteConfigReply.class).status(), out.sent.toString());
    assertEquals(1, s.epoch());
    out.clear();
    return s;
  }

  /** Epoch 1 active, s1's lease until 140, epoch 2 reserved and written at clock [130, 150]. */
  ConfigState waitingForEpoch2(ConfigService cfg) {
    ConfigState s = active(cfg);
    cfg.onMessage(s, S1, new GetLease(1), out.at(40, 60)); // expires at 140
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out);
    cfg.onMessage(s, ADMIN, new WriteConfig(2, List.of(S2)), out.at(130, 150));
    return s;
  }

  @Test
  void reservingAnEpochIsOnDiskBeforeTheReply() {
    ConfigService cfg = service(null);
    ConfigState s = cfg.init(NodeId.of("cfg"), null, out);
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out);
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out);
    assertEquals(2, out.last(ReserveReply.class).reserved());
    assertEquals(
        List.of("persist", "send ReserveReply", "persist", "send ReserveReply"), out.calls);
    assertEquals(2, ((ConfigState.Disk) out.persisted).reservedEpoch());
    // Restarted from its disk, it never hands out a reserved epoch twice.
    ConfigState back = cfg.init(NodeId.of("cfg"), out.persisted, out);
    cfg.onMessage(back, ADMIN, new ReserveEpoch(), out);
    assertEquals(3, out.last(ReserveReply.class).reserved());
  }

  @Test
  void aLeaseIsGrantedOnlyForTheActiveEpochFromTheLowerBound() {
    ConfigService cfg = service(null);
    ConfigState s = active(cfg);
    cfg.onMessage(s, S1, new GetLease(1), out.at(40, 60));
    LeaseReply granted = out.last(LeaseReply.class);
    assertTrue(granted.granted());
    assertEquals(140, granted.expirationTicks(), "lower + leaseTicks");
    assertEquals(List.of("persist", "send LeaseReply"), out.calls, "stored before it is granted");
    cfg.onMessage(s, S2, new GetLease(2), out);
    assertFalse(out.last(LeaseReply.class).granted(), "epoch 2 is not active");
  }

  @Test
  void aNewEpochWaitsUntilTheLowerBoundPassesEveryLeaseAndGrantsNoneMeanwhile() {
    ConfigService cfg = service(null);
    ConfigState s = waitingForEpoch2(cfg);
    WriteConfigReply wait = out.last(WriteConfigReply.class);
    assertEquals(WriteStatus.WAIT, wait.status());
    assertEquals(10, wait.waitTicks(), "until lower (130) reaches 140");
    cfg.onMessage(s, S1, new GetLease(1), out);
    assertFalse(out.last(LeaseReply.class).granted(), "no new lease while it waits");
    cfg.onMessage(s, ADMIN, new WriteConfig(2, List.of(S2)), out.at(139, 159));
    assertEquals(WriteStatus.WAIT, out.last(WriteConfigReply.class).status());
    cfg.onMessage(s, ADMIN, new WriteConfig(2, List.of(S2)), out.at(140, 160));
    assertEquals(WriteStatus.OK, out.last(WriteConfigReply.class).status());
    assertEquals(2, s.epoch());
    assertEquals(List.of(S2), s.servers());
  }

  @Test
  void aWaitingWriteIsActivatedByTheServiceItselfTheMomentTheLeasesHaveRunOut() {
    ConfigService cfg = service(null);
    ConfigState s = waitingForEpoch2(cfg);
    assertEquals(WriteStatus.WAIT, out.last(WriteConfigReply.class).status());
    GroveEffects.TimerSet held = out.timers.get(0);
    assertEquals(new GroveTimer.LeasesExpired(ADMIN, 2, List.of(S2)), held.timer());
    assertEquals(10, held.ticksMin(), "fires when lower (130) reaches 140");
    out.clear();
    cfg.onTimer(s, held.timer(), out.at(139, 159)); // a clock that moved back: still waits
    assertEquals(WriteStatus.WAIT, out.last(WriteConfigReply.class).status());
    assertEquals(1, s.epoch());
    out.clear();
    cfg.onTimer(s, held.timer(), out.at(140, 160));
    assertEquals(
        WriteStatus.OK, out.last(WriteConfigReply.class).status(), "answered to the admin");
    assertEquals(2, s.epoch());
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out); // 3: a timer for 2 now finds it stale
    cfg.onTimer(s, held.timer(), out.at(200, 220));
    assertEquals(WriteStatus.STALE, out.last(WriteConfigReply.class).status());
    assertEquals(2, s.epoch());
  }

  @Test
  void anEpochOlderThanTheReservationIsStale() {
    ConfigService cfg = service(null);
    ConfigState s = active(cfg);
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out); // 2
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out); // 3
    cfg.onMessage(s, ADMIN, new WriteConfig(2, List.of(S2)), out.at(500, 520));
    assertEquals(WriteStatus.STALE, out.last(WriteConfigReply.class).status());
    assertEquals(1, s.epoch());
  }

  @Test
  void g9JudgesTheLeasesExpiredByTheUpperBound() {
    ConfigService cfg = service("G9");
    ConfigState s = active(cfg);
    cfg.onMessage(s, S1, new GetLease(1), out.at(40, 60)); // expires at 140
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out);
    cfg.onMessage(s, ADMIN, new WriteConfig(2, List.of(S2)), out.at(120, 140));
    assertEquals(WriteStatus.OK, out.last(WriteConfigReply.class).status(), "20 ticks early");
  }

  @Test
  void g3GrantsFromTheUpperBoundButStoresTheLowerOne() {
    ConfigService cfg = service("G3");
    ConfigState s = active(cfg);
    cfg.onMessage(s, S1, new GetLease(1), out.at(40, 60));
    assertEquals(160, out.last(LeaseReply.class).expirationTicks());
    cfg.onMessage(s, ADMIN, new ReserveEpoch(), out);
    cfg.onMessage(s, ADMIN, new WriteConfig(2, List.of(S2)), out.at(140, 160));
    assertEquals(WriteStatus.OK, out.last(WriteConfigReply.class).status(), "s1 still trusts it");
  }

  @Test
  void bootEpochStartsWithTheFirstConfigurationActiveAndOnDisk() {
    ConfigService cfg =
        new ConfigService(GroveConfig.from(SERVERS, null, Map.of("bootEpoch", "true")));
    ConfigState s = cfg.init(NodeId.of("cfg"), null, out);
    assertEquals(1, s.epoch());
    assertEquals(SERVERS, s.servers());
    assertEquals(1, ((ConfigState.Disk) out.persisted).epoch());
  }
}
