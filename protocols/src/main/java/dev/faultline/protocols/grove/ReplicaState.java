package dev.faultline.protocols.grove;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A Grove replica's state: the durable part (see {@link ReplicaDurable}) and the volatile part. */
public final class ReplicaState implements NodeState<ReplicaState> {

  /** A client write applied by the primary, answered once its index is committed. */
  record Waiter(NodeId client, long seq, long index, String output) {}

  /** A read done under the lease, answered once {@code waitIndex} is committed. */
  record PendingRead(NodeId client, long seq, String output, long waitIndex) {}

  // durable
  long epoch;
  List<NodeId> servers = List.of();
  boolean sealed;
  List<KvRequest> log = new ArrayList<>();
  KvStore kv = new KvStore();
  SessionTable sessions = new SessionTable();
  long ghostSealedEpoch = -1;
  long ghostSealedIndex;
  long ghostMaxEpoch;

  // volatile
  boolean isPrimary;

  /** True from SetState until BecomePrimary; false at boot, so a restarted primary stays out. */
  boolean canBecomePrimary;

  /** Every op below this index is on every replica of the epoch. */
  long committed;

  boolean leaseValid;
  long leaseEpoch;
  long leaseExpirationTicks;

  /** Primary: per backup, every op below this index is acknowledged. */
  TreeMap<NodeId, Long> ackedNext = new TreeMap<>();

  /** Primary: clock (lower bound) when the oldest uncommitted op started waiting. */
  long stallSinceTicks;

  List<Waiter> waiters = new ArrayList<>();
  List<PendingRead> pendingReads = new ArrayList<>();

  /** Ghost: lease reads served so far, and the epoch of the last one's lease. */
  long ghostLeaseReads;

  long ghostLastLeaseReadEpoch;

  public long epoch() {
    return epoch;
  }

  public boolean sealed() {
    return sealed;
  }

  public List<KvRequest> log() {
    return log;
  }

  public KvStore kv() {
    return kv;
  }

  public SessionTable sessions() {
    return sessions;
  }

  public boolean isPrimary() {
    return isPrimary;
  }

  public long committed() {
    return committed;
  }

  public List<NodeId> servers() {
    return servers;
  }

  ReplicaDurable durable(boolean persistSealed) {
    return new ReplicaDurable(
        epoch,
        servers,
        persistSealed && sealed,
        log,
        new TreeMap<>(kv.snapshot()),
        new TreeMap<>(sessions.snapshot()),
        ghostSealedEpoch,
        ghostSealedIndex,
        ghostMaxEpoch);
  }

  static ReplicaState restore(ReplicaDurable d) {
    ReplicaState s = new ReplicaState();
    s.epoch = d.epoch();
    s.servers = d.servers();
    s.sealed = d.sealed();
    s.log = new ArrayList<>(d.log());
    s.kv = KvStore.fromSnapshot(d.kv());
    s.sessions = SessionTable.fromSnapshot(d.sessions());
    s.ghostSealedEpoch = d.ghostSealedEpoch();
    s.ghostSealedIndex = d.ghostSealedIndex();
    s.ghostMaxEpoch = d.ghostMaxEpoch();
    return s;
  }

  Snapshot snapshot() {
    return new Snapshot(
        log, new TreeMap<>(kv.snapshot()), new TreeMap<>(sessions.snapshot()), committed);
  }

  @Override
  public StateDescription describe() {
    return StateDescription.of()
        .put("epoch", epoch)
        .put("servers", servers)
        .put("sealed", sealed)
        .put("isPrimary", isPrimary)
        .put("canBecomePrimary", canBecomePrimary)
        .put("nextIndex", log.size())
        .put("committed", committed)
        .putLog("log", log, 0, String::valueOf)
        .put("kv", kv.snapshot())
        .put("sessions", sessions.described())
        .put(
            "lease", leaseValid ? "epoch " + leaseEpoch + " until " + leaseExpirationTicks : "none")
        .put("ackedNext", ackedNext)
        .put("waitingWrites", waiters.size())
        .put("pendingReads", pendingReads.size());
  }

  @Override
  public ReplicaState copy() {
    ReplicaState c = new ReplicaState();
    c.epoch = epoch;
    c.servers = servers;
    c.sealed = sealed;
    c.log = new ArrayList<>(log);
    c.kv = kv.copy();
    c.sessions = sessions.copy();
    c.ghostSealedEpoch = ghostSealedEpoch;
    c.ghostSealedIndex = ghostSealedIndex;
    c.ghostMaxEpoch = ghostMaxEpoch;
    c.isPrimary = isPrimary;
    c.canBecomePrimary = canBecomePrimary;
    c.committed = committed;
    c.leaseValid = leaseValid;
    c.leaseEpoch = leaseEpoch;
    c.leaseExpirationTicks = leaseExpirationTicks;
    c.ackedNext = new TreeMap<>(ackedNext);
    c.stallSinceTicks = stallSinceTicks;
    c.waiters = new ArrayList<>(waiters);
    c.pendingReads = new ArrayList<>(pendingReads);
    c.ghostLeaseReads = ghostLeaseReads;
    c.ghostLastLeaseReadEpoch = ghostLastLeaseReadEpoch;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, epoch);
    Fingerprints.put(sink, servers);
    Fingerprints.put(sink, sealed);
    Fingerprints.put(sink, log);
    kv.fingerprint(sink);
    sessions.fingerprint(sink);
    Fingerprints.put(sink, ghostSealedEpoch);
    Fingerprints.put(sink, ghostSealedIndex);
    Fingerprints.put(sink, ghostMaxEpoch);
    Fingerprints.put(sink, isPrimary);
    Fingerprints.put(sink, canBecomePrimary);
    Fingerprints.put(sink, committed);
    Fingerprints.put(sink, leaseValid);
    Fingerprints.put(sink, leaseEpoch);
    Fingerprints.put(sink, leaseExpirationTicks);
    Fingerprints.put(sink, ackedNext);
    Fingerprints.put(sink, stallSinceTicks);
    Fingerprints.put(sink, waiters);
    Fingerprints.put(sink, pendingReads);
    // The lease-read ghosts are left out: they count reads and never steer behaviour.
  }
}
