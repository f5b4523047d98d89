package dev.faultline.protocols.grove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.grove.GroveMessage.ApplyAsBackup;
import dev.faultline.protocols.grove.GroveMessage.BackupReply;
import dev.faultline.protocols.grove.GroveMessage.BecomePrimary;
import dev.faultline.protocols.grove.GroveMessage.BecomePrimaryReply;
import dev.faultline.protocols.grove.GroveMessage.ClientReply;
import dev.faultline.protocols.grove.GroveMessage.CommitIndex;
import dev.faultline.protocols.grove.GroveMessage.GetState;
import dev.faultline.protocols.grove.GroveMessage.LeaseReply;
import dev.faultline.protocols.grove.GroveMessage.Read;
import dev.faultline.protocols.grove.GroveMessage.SetState;
import dev.faultline.protocols.grove.GroveMessage.SetStateReply;
import dev.faultline.protocols.grove.GroveMessage.StateReply;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A replica's rules (as backup s2 of epoch 1 = s1, s2 unless said), one handler call at a time. */
class GroveReplicaTest {
  static final NodeId S1 = NodeId.of("s1");
  static final NodeId S2 = NodeId.of("s2");
  static final NodeId C1 = NodeId.of("c1");
  static final NodeId ADMIN = NodeId.of("admin");
  static final NodeId CFG = NodeId.of("cfg");
  static final List<NodeId> SERVERS = List.of(S1, S2);
  static final Snapshot EMPTY = new Snapshot(List.of(), new TreeMap<>(), new TreeMap<>(), 0);

  final GroveEffects out = new GroveEffects("s2");

  static GroveReplica replica(String variant) {
    return new GroveReplica(GroveConfig.from(SERVERS, variant, Map.of()), CFG);
  }

  static KvRequest put(long seq, String value) {
    return new KvRequest(C1, seq, "put", "x", value);
  }

  static KvRequest get(long seq) {
    return new KvRequest(C1, seq, "get", "x", null);
  }

  /** s2 in epoch 1 (s1 primary), with a lease of epoch 1 until tick 100. */
  ReplicaState backup(GroveReplica r) {
    ReplicaState s = r.init(S2, null, out);
    r.onMessage(s, ADMIN, new SetState(1, SERVERS, EMPTY), out);
    r.onMessage(s, CFG, new LeaseReply(1, true, 100), out);
    out.clear();
    return s;
  }

  ClientReply read(GroveReplica r, ReplicaState s, long lower, long upper) {
    out.clear();
    r.onMessage(s, C1, new Read(get(9)), out.at(lower, upper));
    return out.last(ClientReply.class);
  }

  @Test
  void aReadNeedsTheLeaseValidByTheUpperBound() {
    GroveReplica r = replica(null);
    ReplicaState s = backup(r);
    assertTrue(read(r, s, 79, 99).ok());
    assertFalse(read(r, s, 80, 100).ok(), "upper == expiration: expired");
    ReplicaState fresh = r.init(S2, null, out);
    assertFalse(read(r, fresh, 0, 0).ok(), "no lease at all");
  }

  @Test
  void g10TrustsTheLowerBoundAndG11TheExpirationItself() {
    GroveReplica g10 = replica("G10");
    assertTrue(read(g10, backup(g10), 99, 119).ok());
    GroveReplica g11 = replica("G11");
    ReplicaState s = backup(g11);
    assertTrue(read(g11, s, 80, 100).ok(), "upper == expiration still served");
    assertFalse(read(g11, s, 81, 101).ok());
  }

  @Test
  void aReadWaitsUntilEveryOpItSawIsCommitted() {
    GroveReplica r = replica(null);
    ReplicaState s = backup(r);
    r.onMessage(s, S1, new ApplyAsBackup(1, 0, put(1, "a"), 0), out);
    out.clear();
    r.onMessage(s, C1, new Read(get(2)), out.at(0, 20));
    assertTrue(out.sentOf(ClientReply.class).isEmpty(), "op 0 is not committed yet");
    r.onMessage(s, S1, new CommitIndex(1, 1), out);
    ClientReply reply = out.last(ClientReply.class);
    assertTrue(reply.ok());
    assertEquals("a", reply.output());
  }

  @Test
  void aBackupAppendsOnlyAtItsNextIndexAndPersistsBeforeItAcknowledges() {
    GroveReplica r = replica(null);
    ReplicaState s = backup(r);
    r.onMessage(s, S1, new ApplyAsBackup(1, 1, put(2, "b"), 0), out);
    assertEquals(0, s.log().size(), "a gap: index 1 before 0");
    assertEquals(0, out.last(BackupReply.class).nextIndex());
    out.clear();
    r.onMessage(s, S1, new ApplyAsBackup(1, 0, put(1, "a"), 0), out);
    assertEquals(1, s.log().size());
    assertEquals(List.of("persist", "send BackupReply"), out.calls);
    BackupReply ack = out.last(BackupReply.class);
    assertTrue(ack.ok());
    assertEquals(1, ack.nextIndex());
  }

  @Test
  void aBackupRefusesOldEpochsAndEverythingOnceSealed() {
    GroveReplica r = replica(null);
    ReplicaState s = backup(r);
    r.onMessage(s, ADMIN, new GetState(2), out);
    assertTrue(s.sealed());
    assertTrue(out.last(StateReply.class).ok());
    assertTrue(((ReplicaDurable) out.persisted).sealed(), "the seal is on disk");
    r.onMessage(s, S1, new ApplyAsBackup(1, 0, put(1, "a"), 0), out);
    assertFalse(out.last(BackupReply.class).ok());
    assertEquals(0, s.log().size());
    GroveReplica g5 = replica("G5");
    ReplicaState leaky = backup(g5);
    g5.onMessage(leaky, ADMIN, new GetState(2), out);
    g5.onMessage(leaky, S1, new ApplyAsBackup(1, 0, put(1, "a"), 0), out);
    assertEquals(1, leaky.log().size(), "G5: a sealed backup still appends");
  }

  @Test
  void theCommitIndexNeverPassesTheLocalLog() {
    GroveReplica r = replica(null);
    ReplicaState s = backup(r);
    r.onMessage(s, S1, new ApplyAsBackup(1, 0, put(1, "a"), 0), out);
    r.onMessage(s, S1, new CommitIndex(2, 1), out);
    assertEquals(0, s.committed(), "another epoch's commit index is ignored");
    r.onMessage(s, S1, new CommitIndex(1, 5), out);
    assertEquals(1, s.committed(), "clamped to the one op it holds");
  }

  @Test
  void setStateEntersANewerEpochDropsTheLeaseAndRefusesAnOlderOne() {
    GroveReplica r = replica(null);
    ReplicaState s = backup(r);
    r.onMessage(s, ADMIN, new SetState(3, List.of(S2), EMPTY), out);
    assertEquals(3, s.epoch());
    assertFalse(s.sealed());
    assertFalse(read(r, s, 0, 20).ok(), "the epoch-1 lease is gone");
    r.onMessage(s, ADMIN, new SetState(2, SERVERS, EMPTY), out);
    assertFalse(out.last(SetStateReply.class).ok());
    assertEquals(3, s.epoch());
    GroveReplica g8 = replica("G8");
    ReplicaState kept = backup(g8);
    g8.onMessage(kept, ADMIN, new SetState(3, List.of(S2), EMPTY), out);
    assertTrue(read(g8, kept, 0, 20).ok(), "G8: the old lease still serves");
  }

  @Test
  void aRestartedServerMayNotBecomePrimaryAgain() {
    GroveReplica r = replica(null);
    ReplicaState s = r.init(S1, null, out);
    r.onMessage(s, ADMIN, new SetState(1, SERVERS, EMPTY), out);
    ReplicaState restarted = r.init(S1, out.persisted, out);
    r.onMessage(restarted, ADMIN, new BecomePrimary(1), out);
    assertFalse(out.last(BecomePrimaryReply.class).ok());
    assertFalse(restarted.isPrimary());
    r.onMessage(s, ADMIN, new BecomePrimary(1), out);
    assertTrue(out.last(BecomePrimaryReply.class).ok());
    assertTrue(s.isPrimary());
  }
}
