package dev.faultline.protocols.raft;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.InMemorySink;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeRenaming;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongBinaryOperator;

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
  // Shared with copies until written: see writableKv()/writableSessions().
  KvStore kv;
  SessionTable sessions;
  private boolean kvShared;
  private boolean sessionsShared;
  long lastLeaderContactTicks = Long.MIN_VALUE / 4;
  PeerSet votes;

  // Volatile, leader only.
  PeerLongs nextIndex;
  PeerLongs matchIndex;
  PeerLongs ackedRound;
  PeerSet activeSinceCheck;
  long round;
  ArrayList<PendingRead> pendingReads;
  PendingConfig pendingConfig;

  // Ghost, for invariants only: what the current event applied / installed. Not fingerprinted.
  private ArrayList<Applied> justApplied; // null or empty: nothing applied (no list per copy)
  RaftSnapshot justInstalled;

  // isVoterInForce's answer and the configuration it is for (not copied, not fingerprinted).
  private Membership voterCacheFor;
  private boolean voterCache;

  RaftState(NodeId self, RaftConfig config) {
    this.self = self;
    this.config = config;
    this.log = new RaftLog(0, 0, List.of());
    this.kv = new KvStore();
    this.sessions = new SessionTable();
    this.votes = new PeerSet();
    this.nextIndex = new PeerLongs();
    this.matchIndex = new PeerLongs();
    this.ackedRound = new PeerLongs();
    this.activeSinceCheck = new PeerSet();
    this.pendingReads = new ArrayList<>();
  }

  /** For copy(): every field is set there, so nothing is allocated only to be replaced. */
  private RaftState(RaftState original) {
    this(original.self, original);
  }

  /** For copy() and renamed(): {@code self} and the original's configuration, nothing else. */
  private RaftState(NodeId self, RaftState original) {
    this.self = self;
    this.config = original.config;
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

  /**
   * Whether this server votes in the configuration in force. Followers ask on every AppendEntries
   * (the election timer's length depends on it); the answer is kept per configuration object (a
   * record, never changed), so it is recomputed only when the configuration in force changes.
   */
  boolean isVoterInForce() {
    Membership m = membership();
    if (m != voterCacheFor) {
      voterCache = m.isVoter(self);
      voterCacheFor = m;
    }
    return voterCache;
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

  /** The KV store, first copied if a state copy still shares it: call before changing it. */
  KvStore writableKv() {
    if (kvShared) {
      kv = kv.copy();
      kvShared = false;
    }
    return kv;
  }

  /** The session table, first copied if a state copy still shares it: call before changing it. */
  SessionTable writableSessions() {
    if (sessionsShared) {
      sessions = sessions.copy();
      sessionsShared = false;
    }
    return sessions;
  }

  public List<Applied> justApplied() {
    return justApplied == null || justApplied.isEmpty() ? List.of() : justApplied;
  }

  /** Records an entry the current event applied (ghost, for the invariants). */
  void noteApplied(Applied a) {
    if (justApplied == null) {
      justApplied = new ArrayList<>();
    }
    justApplied.add(a);
  }

  public RaftSnapshot justInstalled() {
    return justInstalled;
  }

  /** Forgets the entries noted as applied: at the start of each event. */
  void forgetApplied() {
    if (justApplied != null) {
      justApplied.clear(); // kept: a list per event that applies was a tenth of a seed's bytes
    }
  }

  void beginEvent() {
    forgetApplied();
    justInstalled = null;
  }

  @Override
  public RaftState copy() {
    RaftState c = new RaftState(this);
    c.term = term;
    c.votedFor = votedFor;
    c.log = log.copy();
    c.snapshot = snapshot;
    c.role = role;
    c.leaderId = leaderId;
    c.commitIndex = commitIndex;
    c.lastApplied = lastApplied;
    // The KV store and session table change only when an entry is applied: share them, and let
    // whichever side applies next copy (writableKv/writableSessions).
    c.kv = kv;
    c.sessions = sessions;
    c.kvShared = c.sessionsShared = true;
    if (!kvShared || !sessionsShared) { // see PeerSet.copy: no store into a state already shared
      kvShared = sessionsShared = true;
    }
    c.lastLeaderContactTicks = lastLeaderContactTicks;
    c.votes = votes.copy();
    c.nextIndex = nextIndex.copy();
    c.matchIndex = matchIndex.copy();
    c.ackedRound = ackedRound.copy();
    c.activeSinceCheck = activeSinceCheck.copy();
    c.round = round;
    c.pendingReads = pendingReads.isEmpty() ? new ArrayList<>() : new ArrayList<>(pendingReads);
    c.pendingConfig = pendingConfig;
    return c;
  }

  /**
   * This state as server {@code r.apply(self)} would hold it had the servers been named by {@code
   * r} (for the explorer's symmetry reduction; see {@link RaftSpec#symmetry}). Only fingerprinted:
   * it shares the log's entries, the KV store and the session table (none names a server unless a
   * membership change is in the log, which is then renamed), and changes nothing here.
   */
  @Override
  public RaftState renamed(NodeRenaming r) {
    RaftState c = new RaftState(r.apply(self), this);
    c.term = term;
    c.votedFor = r.apply(votedFor);
    c.log = log.renamed(r);
    c.snapshot = r.value(snapshot);
    c.role = role;
    c.leaderId = r.apply(leaderId);
    c.commitIndex = commitIndex;
    c.lastApplied = lastApplied;
    c.kv = kv;
    c.sessions = sessions;
    c.kvShared = c.sessionsShared = true; // never written: c is only fingerprinted
    c.lastLeaderContactTicks = lastLeaderContactTicks;
    c.votes = votes.renamed(r);
    c.nextIndex = nextIndex.renamed(r);
    c.matchIndex = matchIndex.renamed(r);
    c.ackedRound = ackedRound.renamed(r);
    c.activeSinceCheck = activeSinceCheck.renamed(r);
    c.round = round;
    c.pendingReads = pendingReads.isEmpty() ? pendingReads : new ArrayList<>(r.value(pendingReads));
    c.pendingConfig = r.value(pendingConfig);
    return c;
  }

  /**
   * Writes the same bytes as the generic {@link Fingerprints#put} of each field, with the common
   * field types written directly: this runs for every node a search step touches. To the explorer's
   * in-memory sink ({@link InMemorySink}, whose hash never leaves the process) the role and the
   * log's entries are written in fewer words; equal states still write equal words and different
   * states different ones.
   */
  @Override
  public void fingerprint(PrimitiveSink sink) {
    putNode(sink, self);
    sink.putLong(term);
    putNode(sink, votedFor);
    log.fingerprintInto(sink);
    Fingerprints.put(sink, snapshot);
    if (sink instanceof InMemorySink) {
      sink.putLong(ROLE_WORD + role.ordinal()); // the explorer's identity: one word, not six
    } else {
      sink.putByte((byte) 5).putString(ROLE_CLASS, StandardCharsets.UTF_8);
      sink.putString(role.name(), StandardCharsets.UTF_8);
    }
    putNode(sink, leaderId);
    sink.putLong(commitIndex).putLong(lastApplied);
    kv.fingerprint(sink);
    sessions.fingerprint(sink);
    sink.putLong(lastLeaderContactTicks);
    votes.fingerprint(sink);
    nextIndex.fingerprint(sink);
    matchIndex.fingerprint(sink);
    ackedRound.fingerprint(sink);
    activeSinceCheck.fingerprint(sink);
    sink.putLong(round);
    if (pendingReads.isEmpty()) {
      sink.putByte((byte) 10).putInt(0);
    } else {
      Fingerprints.put(sink, pendingReads);
    }
    Fingerprints.put(sink, pendingConfig);
  }

  private static final String ROLE_CLASS = RaftRole.class.getName();
  private static final long ROLE_WORD = 0x70_1E_00L; // + ordinal: a fixed-size field, so injective

  /** Fingerprints.put of a NodeId or null (one word for the explorer's in-memory sink). */
  static void putNode(PrimitiveSink sink, NodeId id) {
    Fingerprints.putNode(sink, id);
  }

  /**
   * A small sorted set of servers (votes received, peers heard from): a sorted array shared by
   * copies until one writes. It replaced TreeSets; iteration order, toString and fingerprint bytes
   * are those of the TreeSet it replaced.
   */
  static final class PeerSet extends AbstractSet<NodeId> {
    private static final NodeId[] NONE = new NodeId[0];

    private NodeId[] ids = NONE;
    private int size;
    private boolean shared;

    static PeerSet of(NodeId id) {
      PeerSet s = new PeerSet();
      s.add(id);
      return s;
    }

    PeerSet copy() {
      PeerSet c = new PeerSet();
      c.ids = ids;
      c.size = size;
      if (size > 0) {
        c.shared = true;
        // Only if not yet: the explorer's search threads copy the same parent states at once,
        // and a store into one, even of the value it holds, takes its cache line from the other
        // core (the parallel BFS spent ~40 % more CPU than one thread on an idle machine).
        if (!shared) {
          shared = true;
        }
      }
      return c;
    }

    private int find(NodeId id) {
      // Index if present, else -(insertion point) - 1. An identity scan first, as PeerLongs.find.
      for (int i = 0; i < size; i++) {
        if (ids[i] == id) {
          return i;
        }
      }
      return Arrays.binarySearch(ids, 0, size, id);
    }

    @Override
    public boolean contains(Object o) {
      return o instanceof NodeId id && find(id) >= 0;
    }

    @Override
    public boolean add(NodeId id) {
      int i = find(id);
      if (i >= 0) {
        return false;
      }
      int at = -(i + 1);
      if (shared || ids.length == size) {
        ids = Arrays.copyOf(ids, Math.max(4, size + 1));
        shared = false;
      }
      System.arraycopy(ids, at, ids, at + 1, size - at);
      ids[at] = id;
      size++;
      return true;
    }

    @Override
    public void clear() {
      ids = NONE;
      size = 0;
      shared = false;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<NodeId> iterator() {
      NodeId[] snapshot = ids;
      int n = size;
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < n;
        }

        @Override
        public NodeId next() {
          if (next >= n) {
            throw new NoSuchElementException();
          }
          return snapshot[next++];
        }
      };
    }

    /** A new set holding each member renamed by {@code r} (sorted again). */
    PeerSet renamed(NodeRenaming r) {
      PeerSet out = new PeerSet();
      for (int i = 0; i < size; i++) {
        out.add(r.apply(ids[i]));
      }
      return out;
    }

    /** Fingerprints.put of the equivalent SortedSet&lt;NodeId&gt;. */
    void fingerprint(PrimitiveSink sink) {
      sink.putByte((byte) 11).putInt(size);
      for (int i = 0; i < size; i++) {
        putNode(sink, ids[i]);
      }
    }
  }

  /**
   * A leader's per-peer numbers (nextIndex, matchIndex, acked round): a tiny map from NodeId to
   * long kept as parallel arrays sorted by NodeId, shared by copies until one writes. It replaced
   * TreeMaps whose copies were a large share of the explorer's time; iteration order, contents and
   * fingerprint bytes are those of the TreeMap it replaced.
   */
  static final class PeerLongs {
    private static final NodeId[] NO_KEYS = new NodeId[0];
    private static final long[] NO_VALUES = new long[0];

    private NodeId[] keys = NO_KEYS;
    private long[] values = NO_VALUES;
    private int size;
    private boolean shared;

    PeerLongs copy() {
      PeerLongs c = new PeerLongs();
      c.keys = keys;
      c.values = values;
      c.size = size;
      if (size > 0) {
        c.shared = true;
        if (!shared) { // see PeerSet.copy
          shared = true;
        }
      }
      return c;
    }

    int size() {
      return size;
    }

    NodeId keyAt(int i) {
      return keys[i];
    }

    long valueAt(int i) {
      return values[i];
    }

    private int find(NodeId key) {
      // Index if present, else -(insertion point) - 1. Callers almost always pass the very NodeId
      // instances stored (the configuration's): an identity scan of a handful answers before the
      // binary search's NodeId comparisons.
      for (int i = 0; i < size; i++) {
        if (keys[i] == key) {
          return i;
        }
      }
      return Arrays.binarySearch(keys, 0, size, key);
    }

    /** The value for a key that must be present. */
    long get(NodeId key) {
      int i = find(key);
      if (i < 0) {
        throw new IllegalStateException("no value for " + key);
      }
      return values[i];
    }

    long getOrDefault(NodeId key, long otherwise) {
      int i = find(key);
      return i >= 0 ? values[i] : otherwise;
    }

    void put(NodeId key, long value) {
      int i = find(key);
      if (i >= 0) {
        if (values[i] != value) {
          writable(size);
          values[i] = value;
        }
        return;
      }
      int at = -(i + 1);
      writable(size + 1);
      System.arraycopy(keys, at, keys, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      keys[at] = key;
      values[at] = value;
      size++;
    }

    /** The key's value; absent, {@code value} is stored and returned (no lambda to allocate). */
    long putIfAbsent(NodeId key, long value) {
      int i = find(key);
      if (i >= 0) {
        return values[i];
      }
      put(key, value);
      return value;
    }

    void merge(NodeId key, long value, LongBinaryOperator combine) {
      int i = find(key);
      put(key, i >= 0 ? combine.applyAsLong(values[i], value) : value);
    }

    void clear() {
      keys = NO_KEYS;
      values = NO_VALUES;
      size = 0;
      shared = false;
    }

    /** Own arrays with room for {@code capacity} entries. */
    private void writable(int capacity) {
      if (shared || keys.length < capacity) {
        int n = Math.max(capacity, Math.max(4, keys.length));
        keys = Arrays.copyOf(keys, n);
        values = Arrays.copyOf(values, n);
        shared = false;
      }
    }

    /** A new map with each key renamed by {@code r} (sorted again), values unchanged. */
    PeerLongs renamed(NodeRenaming r) {
      PeerLongs out = new PeerLongs();
      for (int i = 0; i < size; i++) {
        out.put(r.apply(keys[i]), values[i]);
      }
      return out;
    }

    /** Fingerprints.put of the equivalent SortedMap&lt;NodeId, Long&gt;. */
    void fingerprint(PrimitiveSink sink) {
      sink.putByte((byte) 12).putInt(size);
      for (int i = 0; i < size; i++) {
        putNode(sink, keys[i]);
        sink.putByte((byte) 3).putLong(values[i]);
      }
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("{");
      for (int i = 0; i < size; i++) {
        b.append(i == 0 ? "" : ", ").append(keys[i]).append('=').append(values[i]);
      }
      return b.append('}').toString();
    }
  }

  /**
   * Role, term, vote, log (newest entries), commit and apply indexes, membership, snapshot, the KV
   * store and sessions, and what the role keeps (votes; next/match index, pending reads and
   * reconfiguration).
   */
  @Override
  public StateDescription describe() {
    StateDescription d =
        StateDescription.of()
            .put("role", role.label())
            .put("term", term)
            .put("votedFor", votedFor)
            .put("leaderId", leaderId)
            .put("commitIndex", commitIndex)
            .put("lastApplied", lastApplied)
            .put("membership", membership().toString())
            .putLog("log", log.entries(), log.baseIndex() + 1, RaftState::entryText);
    if (snapshot != null) {
      d.put(
          "snapshot",
          "up to " + snapshot.lastIncludedIndex() + " (t" + snapshot.lastIncludedTerm() + ")");
    }
    d.put("kv", kv.snapshot()).put("sessions", sessions.described());
    if (role == RaftRole.CANDIDATE || role == RaftRole.PRE_CANDIDATE) {
      d.put("votes", List.copyOf(votes));
    }
    if (role == RaftRole.LEADER) {
      d.put("nextIndex", nextIndex.toString())
          .put("matchIndex", matchIndex.toString())
          .put("pendingReads", pendingReads.size())
          .put("pendingConfig", pendingConfig == null ? null : pendingConfig.target().toString());
    }
    return d;
  }

  /** An entry as people read it: "t2 put x=c1-1 (c1#1)", "t3 no-op", "t4 config [s1, s2]". */
  private static String entryText(RaftEntry e) {
    String what =
        switch (e.command()) {
          case RaftCommand.ClientCommand c ->
              c.f()
                  + " "
                  + c.key()
                  + (c.value() == null ? "" : "=" + c.value())
                  + " ("
                  + c.client()
                  + "#"
                  + c.seq()
                  + ")";
          case RaftCommand.NoOp n -> "no-op";
          case RaftCommand.ConfigCommand c -> "config " + c.membership();
        };
    return "t" + e.term() + " " + what;
  }

  @Override
  public String toString() {
    return self + "{" + role.label() + " t" + term + " commit=" + commitIndex + " " + log + "}";
  }
}
