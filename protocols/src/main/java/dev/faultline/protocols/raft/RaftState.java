package dev.faultline.protocols.raft;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** One server's state: the persistent part (mirrored to RaftDurable) and the volatile part. */
public final class RaftState implements NodeState<RaftState> {
  /** A get waiting for ReadIndex: readIndex/round are -1 until the confirming round starts. */
  public record PendingRead(NodeId client, long seq, String key, long readIndex, long round) {}

  /** The admin request a leader is carrying out. */
  public record PendingConfig(NodeId admin, long seq, Membership target) {}

  /** An applied entry, for the StateMachineSafety checker (ghost: not part of the protocol). */
  public record Applied(long index, RaftEntry entry) {}

  final NodeId self;
  final RaftConfig config;

  // Persistent (written through RaftDurable before replies).
  long term;
  NodeId votedFor;
  RaftLog log;
  RaftSnapshot snapshot;

  // Volatile, all servers.
  RaftRole role = RaftRole.FOLLOWER;
  NodeId leaderId;
  long commitIndex;
  long lastApplied;
  KvStore kv = new KvStore();
  SessionTable sessions = new SessionTable();
  long lastLeaderContactTicks = Long.MIN_VALUE / 4;
  TreeSet<NodeId> votes = new TreeSet<>();

  // Volatile, leader only.
  TreeMap<NodeId, Long> nextIndex = new TreeMap<>();
  TreeMap<NodeId, Long> matchIndex = new TreeMap<>();
  TreeMap<NodeId, Long> ackedRound = new TreeMap<>();
  TreeSet<NodeId> activeSinceCheck = new TreeSet<>();
  long round;
  ArrayList<PendingRead> pendingReads = new ArrayList<>();
  PendingConfig pendingConfig;

  // Ghost, for invariants only: what the current event applied / installed. Not fingerprinted.
  final ArrayList<Applied> justApplied = new ArrayList<>();
  RaftSnapshot justInstalled;

  RaftState(NodeId self, RaftConfig config) {
    this.self = self;
    this.config = config;
    this.log = new RaftLog(0, 0, List.of());
  }

  /** The configuration in force: the newest in the log, else the snapshot's, else the initial. */
  public Membership membership() {
    Membership m = log.lastMembership();
    if (m != null) {
      return m;
    }
    return snapshot != null ? snapshot.membership() : config.initialMembership();
  }

  public NodeId self() {
    return self;
  }

  public long term() {
    return term;
  }

  public NodeId votedFor() {
    return votedFor;
  }

  public RaftRole role() {
    return role;
  }

  public NodeId leaderId() {
    return leaderId;
  }

  public long commitIndex() {
    return commitIndex;
  }

  public long lastApplied() {
    return lastApplied;
  }

  public RaftLog log() {
    return log;
  }

  public KvStore kv() {
    return kv;
  }

  public SessionTable sessions() {
    return sessions;
  }

  public List<Applied> justApplied() {
    return justApplied;
  }

  public RaftSnapshot justInstalled() {
    return justInstalled;
  }

  void beginEvent() {
    justApplied.clear();
    justInstalled = null;
  }

  @Override
  public RaftState copy() {
    RaftState c = new RaftState(self, config);
    c.term = term;
    c.votedFor = votedFor;
    c.log = log.copy();
    c.snapshot = snapshot;
    c.role = role;
    c.leaderId = leaderId;
    c.commitIndex = commitIndex;
    c.lastApplied = lastApplied;
    c.kv = kv.copy();
    c.sessions = sessions.copy();
    c.lastLeaderContactTicks = lastLeaderContactTicks;
    c.votes = new TreeSet<>(votes);
    c.nextIndex = new TreeMap<>(nextIndex);
    c.matchIndex = new TreeMap<>(matchIndex);
    c.ackedRound = new TreeMap<>(ackedRound);
    c.activeSinceCheck = new TreeSet<>(activeSinceCheck);
    c.round = round;
    c.pendingReads = new ArrayList<>(pendingReads);
    c.pendingConfig = pendingConfig;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, self);
    sink.putLong(term);
    Fingerprints.put(sink, votedFor);
    log.fingerprintInto(sink);
    Fingerprints.put(sink, snapshot);
    Fingerprints.put(sink, role);
    Fingerprints.put(sink, leaderId);
    sink.putLong(commitIndex).putLong(lastApplied);
    kv.fingerprint(sink);
    sessions.fingerprint(sink);
    sink.putLong(lastLeaderContactTicks);
    Fingerprints.put(sink, votes);
    Fingerprints.put(sink, nextIndex);
    Fingerprints.put(sink, matchIndex);
    Fingerprints.put(sink, ackedRound);
    Fingerprints.put(sink, activeSinceCheck);
    sink.putLong(round);
    Fingerprints.put(sink, pendingReads);
    Fingerprints.put(sink, pendingConfig);
  }

  @Override
  public String toString() {
    return self + "{" + role.label() + " t" + term + " commit=" + commitIndex + " " + log + "}";
  }
}
