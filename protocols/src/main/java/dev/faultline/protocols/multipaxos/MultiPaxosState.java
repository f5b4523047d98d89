package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableSortedSet;
import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One server's state: its acceptor, replica and leader (with its scout and commanders), plus ghost
 * lists of what the current event changed, which the invariants read to work incrementally.
 */
public final class MultiPaxosState implements NodeState<MultiPaxosState> {
  final NodeId self;

  // ---------------------------------------------------------------- acceptor (durable)
  Ballot promised = Ballot.BOTTOM;

  /** Highest-ballot accepted pvalue per slot, slots at or above {@link #acceptorFloor}. */
  TreeMap<Long, PValue> accepted = new TreeMap<>();

  /** Slots below this were decided and executed by every replica, and dropped. */
  long acceptorFloor = 1;

  // ---------------------------------------------------------------- replica
  KvStore kv = new KvStore();
  SessionTable sessions = new SessionTable();
  long slotIn = 1;
  long slotOut = 1;
  List<Command> requests = new ArrayList<>();
  TreeMap<Long, Command> proposals = new TreeMap<>();
  TreeMap<Long, Command> decisions = new TreeMap<>();

  /** Acceptor configurations: the slot each takes effect at, to its members ({@link Configs}). */
  TreeMap<Long, ImmutableSortedSet<NodeId>> configs;

  /** Decisions of every slot in [decisionsFrom, slotOut) are still held (to help laggards). */
  long decisionsFrom = 1;

  /** The replica's snapshot as last written to storage (re-written with every acceptor write). */
  ReplicaSnapshot savedReplica;

  /** The garbage-collection floor this server has heard of (monotone). */
  long gcFloor = 1;

  // ---------------------------------------------------------------- leader
  MultiPaxosRole role = MultiPaxosRole.FOLLOWER;
  Ballot ballot = Ballot.BOTTOM;
  boolean active;

  /**
   * Lowest slot this leader may propose in: every slot below was decided and, if below some
   * acceptor's floor, possibly forgotten, so proposing there could decide a second command.
   */
  long leaderFloor = 1;

  /** Highest ballot seen anywhere; a new ballot goes above it. */
  Ballot highestSeen = Ballot.BOTTOM;

  /** The leader's proposals: slot to command, for slots not yet known decided. */
  TreeMap<Long, Command> leaderProposals = new TreeMap<>();

  /** Commanders of the current ballot: slot to the acceptors that accepted. */
  TreeMap<Long, TreeSet<NodeId>> commanders = new TreeMap<>();

  /** Scout of the current ballot: who promised, their pvalues (pmax) and the highest floor. */
  TreeSet<NodeId> scoutAcks = new TreeSet<>();

  TreeMap<Long, PValue> scoutPvals = new TreeMap<>();
  long scoutFloor = 1;

  /** Every replica's slot_out as last reported to this leader. */
  TreeMap<NodeId, Long> replicaSlotOut = new TreeMap<>();

  /** Preemptions in a row: the leader timeout doubles with each (up to a cap). */
  int backoff;

  // ---------------------------------------------------------------- ghosts (not fingerprinted)
  /** Events handled so far; the invariants compare it to see whether this node stepped. */
  long events;

  /** Executed commands so far (no-ops included): index of the next one in the executed log. */
  long executedCount;

  /**
   * Who sent the message this event handles (this server itself for a timer): the acceptor id a
   * self-vote must not be booked under (bug P10). Set at the start of every event.
   */
  NodeId eventSender;

  /** True in the event where this server's leader was adopted (phase 1 done). */
  boolean adoptedNow;

  final List<Command> takenNow = new ArrayList<>();
  final List<PValue> acceptedNow = new ArrayList<>();
  final List<Map.Entry<Long, Command>> decidedNow = new ArrayList<>();
  final List<Map.Entry<Long, Command>> executedNow = new ArrayList<>();

  MultiPaxosState(NodeId self, ImmutableSortedSet<NodeId> initialMembers) {
    this.self = self;
    this.configs = Configs.initial(initialMembers);
    this.savedReplica = ReplicaSnapshot.empty(initialMembers);
  }

  void beginEvent(NodeId sender) {
    events++;
    eventSender = sender;
    adoptedNow = false;
    takenNow.clear();
    acceptedNow.clear();
    decidedNow.clear();
    executedNow.clear();
  }

  public Ballot promised() {
    return promised;
  }

  public Map<Long, PValue> accepted() {
    return java.util.Collections.unmodifiableMap(accepted);
  }

  public Map<Long, Command> decisions() {
    return java.util.Collections.unmodifiableMap(decisions);
  }

  public long slotIn() {
    return slotIn;
  }

  public long slotOut() {
    return slotOut;
  }

  public long acceptorFloor() {
    return acceptorFloor;
  }

  public MultiPaxosRole role() {
    return role;
  }

  public boolean active() {
    return active;
  }

  public long leaderFloor() {
    return leaderFloor;
  }

  public java.util.SortedMap<Long, Command> leaderProposals() {
    return java.util.Collections.unmodifiableSortedMap(leaderProposals);
  }

  /** True if this replica still holds {@code c}: queued, or proposed and not yet decided. */
  boolean holds(Command c) {
    return requests.contains(c) || proposals.containsValue(c);
  }

  public KvStore kv() {
    return kv;
  }

  /** Entries held in every per-slot map (acceptor, replica, leader): the GC test's measure. */
  public int heldSlotEntries() {
    return accepted.size()
        + proposals.size()
        + decisions.size()
        + leaderProposals.size()
        + commanders.size()
        + requests.size();
  }

  /**
   * The three roles of a server: acceptor (promise, accepted pvalues), replica (slot window,
   * decisions, KV store) and leader (ballot, whether active, its proposals and commanders).
   */
  @Override
  public StateDescription describe() {
    return StateDescription.of()
        .put("role", role)
        .put("ballot", ballot.toString())
        .put("active", active)
        .put("promised", promised.toString())
        .putSlots("accepted", accepted, p -> p.ballot() + " " + p.command())
        .put("acceptorFloor", acceptorFloor)
        .put("slotIn", slotIn)
        .put("slotOut", slotOut)
        .put("requests", requests.stream().map(Command::toString).toList())
        .putSlots("proposals", proposals, Command::toString)
        .putSlots("decisions", decisions, Command::toString)
        .put("gcFloor", gcFloor)
        .put("kv", kv.snapshot())
        .put("sessions", sessions.described())
        .put("leaderFloor", leaderFloor)
        .put("highestSeen", highestSeen.toString())
        .putSlots("leaderProposals", leaderProposals, Command::toString)
        .putSlots("commanders", commanders, acks -> acks)
        .put("scoutAcks", scoutAcks)
        .put("replicaSlotOut", replicaSlotOut)
        .put("backoff", backoff);
  }

  @Override
  public MultiPaxosState copy() {
    MultiPaxosState c = new MultiPaxosState(self, configs.firstEntry().getValue());
    c.configs = new TreeMap<>(configs);
    c.promised = promised;
    c.accepted = new TreeMap<>(accepted);
    c.acceptorFloor = acceptorFloor;
    c.kv = kv.copy();
    c.sessions = sessions.copy();
    c.slotIn = slotIn;
    c.slotOut = slotOut;
    c.requests = new ArrayList<>(requests);
    c.proposals = new TreeMap<>(proposals);
    c.decisions = new TreeMap<>(decisions);
    c.decisionsFrom = decisionsFrom;
    c.gcFloor = gcFloor;
    c.savedReplica = savedReplica;
    c.role = role;
    c.ballot = ballot;
    c.active = active;
    c.highestSeen = highestSeen;
    c.leaderFloor = leaderFloor;
    c.leaderProposals = new TreeMap<>(leaderProposals);
    c.commanders = new TreeMap<>();
    commanders.forEach((k, v) -> c.commanders.put(k, new TreeSet<>(v)));
    c.scoutAcks = new TreeSet<>(scoutAcks);
    c.scoutPvals = new TreeMap<>(scoutPvals);
    c.scoutFloor = scoutFloor;
    c.replicaSlotOut = new TreeMap<>(replicaSlotOut);
    c.backoff = backoff;
    c.events = events;
    c.executedCount = executedCount;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, promised);
    Fingerprints.put(sink, accepted);
    sink.putLong(acceptorFloor);
    kv.fingerprint(sink);
    sessions.fingerprint(sink);
    sink.putLong(slotIn).putLong(slotOut).putLong(decisionsFrom).putLong(gcFloor);
    sink.putLong(savedReplica.slotOut());
    Fingerprints.put(sink, requests);
    Fingerprints.put(sink, proposals);
    Fingerprints.put(sink, decisions);
    Fingerprints.put(sink, configs);
    Fingerprints.put(sink, role);
    Fingerprints.put(sink, ballot);
    sink.putBoolean(active);
    Fingerprints.put(sink, highestSeen);
    sink.putLong(leaderFloor);
    Fingerprints.put(sink, leaderProposals);
    Fingerprints.put(sink, commanders);
    Fingerprints.put(sink, scoutAcks);
    Fingerprints.put(sink, scoutPvals);
    sink.putLong(scoutFloor);
    Fingerprints.put(sink, replicaSlotOut);
    sink.putInt(backoff);
  }
}
