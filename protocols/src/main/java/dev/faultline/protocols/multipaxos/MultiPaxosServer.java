package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.CatchUp;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientRequest;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.Decision;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.Heartbeat;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.HeartbeatReply;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.P1a;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.P1b;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.P2a;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.P2b;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.Propose;
import dev.faultline.protocols.multipaxos.MultiPaxosTimer.HeartbeatDue;
import dev.faultline.protocols.multipaxos.MultiPaxosTimer.LeaderTimeout;
import dev.faultline.protocols.multipaxos.MultiPaxosTimer.ProposeRetry;
import dev.faultline.protocols.multipaxos.MultiPaxosTimer.ScoutRetry;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Multi-Paxos server after "Paxos Made Moderately Complex": a replica, a leader (its scout and
 * commanders are state inside it) and an acceptor on one node. The leader's own acceptor answers by
 * a local call whose reply is booked, under this server's id, on the same p1b/p2b path as the other
 * acceptors' replies. Only an active leader (phase 1 adopted) spawns commanders; it heartbeats, and
 * followers start phase 1 only after missing heartbeats, with a back-off after each preemption.
 * Acceptor state is persisted before any reply that depends on it (handlers are atomic, so
 * persisting before the handler ends is enough).
 */
public final class MultiPaxosServer
    implements Protocol<MultiPaxosState, MultiPaxosMessage, MultiPaxosTimer> {
  private final MultiPaxosConfig config;
  private final MultiPaxosBug bug;
  private final Replica replica;

  public MultiPaxosServer(MultiPaxosConfig config) {
    this.config = config;
    this.bug = config.bug();
    this.replica = new Replica(config, this);
  }

  MultiPaxosConfig config() {
    return config;
  }

  // ------------------------------------------------------------------ boot and dispatch

  @Override
  public MultiPaxosState init(
      NodeId self, Durable durable, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    MultiPaxosState s = new MultiPaxosState(self, config.initialMembers());
    if (durable instanceof MultiPaxosDurable d) {
      s.promised = d.promised();
      s.accepted.putAll(d.accepted());
      s.acceptorFloor = d.floor();
      s.highestSeen = d.promised();
      s.savedReplica = d.replica();
      Replica.install(s, d.replica());
      s.executedCount = d.replica().slotOut() - 1;
    }
    become(s, MultiPaxosRole.FOLLOWER, durable == null ? "boot" : "restart from disk", out);
    armLeaderTimeout(s, out);
    out.setTimer(new ProposeRetry(), config.proposeRetryTicks());
    return s;
  }

  @Override
  public void onMessage(
      MultiPaxosState s,
      NodeId from,
      MultiPaxosMessage m,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    s.beginEvent(from);
    if (!(m instanceof MultiPaxosMessage.ToServer toServer)) {
      return; // a reply meant for a client
    }
    switch (toServer) {
      case ClientRequest r -> replica.onRequest(s, from, r, out);
      case Propose p -> onPropose(s, p.slot(), p.command(), out);
      case P1a p -> out.send(from, acceptP1a(s, p.ballot(), p.fromSlot(), out));
      case P1b p -> onP1b(s, from, p, out);
      case P2a p -> {
        Ballot b = acceptP2a(s, p.pvalue(), out);
        if (b != null) {
          out.send(from, new P2b(p.pvalue().ballot(), b, p.pvalue().slot()));
          if (p.pvalue().command().isConfig() && b.equals(p.pvalue().ballot())) {
            markConfigStep(Annotations.CONFIG_LEARNED, p.pvalue(), out); // another leader's
          }
        }
      }
      case P2b p -> onP2b(s, from, p, out);
      case Decision d -> onDecision(s, d.slot(), d.command(), out);
      case Heartbeat h -> onHeartbeat(s, from, h, out);
      case HeartbeatReply r -> onHeartbeatReply(s, from, r, out);
      case CatchUp c -> replica.onCatchUp(s, c.snapshot(), out);
    }
  }

  @Override
  public void onTimer(
      MultiPaxosState s, MultiPaxosTimer t, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    s.beginEvent(s.self);
    if (!(t instanceof MultiPaxosTimer.ServerTimer serverTimer)) {
      return; // servers set no client timers
    }
    switch (serverTimer) {
      case HeartbeatDue h -> onHeartbeatDue(s, out);
      case LeaderTimeout l -> {
        if (s.role != MultiPaxosRole.LEADER) {
          startScout(s, "no heartbeat from a leader", out);
        }
      }
      case ScoutRetry r -> {
        if (s.role == MultiPaxosRole.SCOUTING) {
          sendToOthersExcept(s, s.scoutAcks, new P1a(s.ballot, s.slotOut), out);
          out.setTimer(new ScoutRetry(), config.scoutRetryTicks());
        }
      }
      case ProposeRetry r -> {
        replica.resendProposals(s, out);
        out.setTimer(new ProposeRetry(), config.proposeRetryTicks());
      }
    }
  }

  // ------------------------------------------------------------------ acceptor

  /** Phase 1 at this acceptor: promise {@code b} if higher; always answer with the promise. */
  P1b acceptP1a(
      MultiPaxosState s, Ballot b, long fromSlot, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (b.greaterThan(s.promised)) {
      s.promised = b;
      s.highestSeen = Ballot.max(s.highestSeen, b);
      out.annotate(Annotations.VOTE, b.toString());
      persist(s, out);
      if (s.role != MultiPaxosRole.FOLLOWER && b.greaterThan(s.ballot)) {
        preempted(s, b, out);
      }
    }
    long from = Math.max(fromSlot, s.acceptorFloor);
    return new P1b(
        s.promised, s.acceptorFloor, ImmutableList.copyOf(s.accepted.tailMap(from).values()));
  }

  /**
   * Phase 2 at this acceptor: accept only under the promised ballot (PMMC: equality). Returns the
   * promise to answer with, or null for a slot already garbage-collected here.
   */
  Ballot acceptP2a(MultiPaxosState s, PValue pv, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (pv.slot() < s.acceptorFloor) {
      return null;
    }
    if (bug == MultiPaxosBug.P2 || pv.ballot().equals(s.promised)) {
      s.accepted.put(pv.slot(), pv);
      s.acceptedNow.add(pv);
      persist(s, out);
    }
    return s.promised;
  }

  void persist(MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (bug == MultiPaxosBug.P3) { // the bug: acceptor state lives in memory only
      out.persist(new MultiPaxosDurable(Ballot.BOTTOM, ImmutableSortedMap.of(), 1, s.savedReplica));
      return;
    }
    out.persist(
        new MultiPaxosDurable(
            s.promised, ImmutableSortedMap.copyOf(s.accepted), s.acceptorFloor, s.savedReplica));
  }

  // ------------------------------------------------------------------ leader: roles

  /** The one place the leader role changes: records the reason for reports. */
  private void become(
      MultiPaxosState s,
      MultiPaxosRole role,
      String reason,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    out.annotate(Annotations.ROLE, role.label() + " (" + reason + ")");
    if (s.role == MultiPaxosRole.LEADER && role != MultiPaxosRole.LEADER) {
      out.cancelTimer(new HeartbeatDue());
    }
    if (s.role == MultiPaxosRole.SCOUTING && role != MultiPaxosRole.SCOUTING) {
      out.cancelTimer(new ScoutRetry());
    }
    s.role = role;
    s.active = role == MultiPaxosRole.LEADER;
    if (role != MultiPaxosRole.LEADER) {
      s.commanders.clear();
    }
    if (role != MultiPaxosRole.SCOUTING) {
      s.scoutAcks.clear();
      s.scoutPvals.clear();
    }
  }

  private void armLeaderTimeout(
      MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    long factor = 1L << Math.min(s.backoff, MultiPaxosConfig.MAX_BACKOFF);
    out.setTimer(
        new LeaderTimeout(),
        config.leaderTimeoutTicksMin() * factor,
        config.leaderTimeoutTicksMax() * factor);
  }

  /** Phase 1 with a ballot above every ballot seen; the own acceptor answers at once. */
  private void startScout(
      MultiPaxosState s, String reason, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    Ballot b = new Ballot(s.highestSeen.round() + 1, config.serverNumber(s.self));
    if (bug == MultiPaxosBug.P8) {
      b = new Ballot(s.highestSeen.round() + 1, 0); // the bug: no leader id in the ballot
    }
    become(s, MultiPaxosRole.SCOUTING, reason, out);
    s.scoutAcks.clear(); // a scout that timed out may be replaced: its promises were for its ballot
    s.scoutPvals.clear();
    s.ballot = b;
    s.highestSeen = Ballot.max(s.highestSeen, b);
    s.scoutFloor = 1;
    out.annotate("ballot", b.toString());
    armLeaderTimeout(s, out);
    sendToOthersExcept(s, s.scoutAcks, new P1a(b, s.slotOut), out);
    out.setTimer(new ScoutRetry(), config.scoutRetryTicks());
    onP1b(s, ownAcceptorId(s), acceptP1a(s, b, s.slotOut, out), out);
  }

  /**
   * The acceptor id under which the leader books its own acceptor's reply. The colocated acceptor
   * answers by a local call, and its reply takes the same p1b/p2b path as a remote one, keyed by
   * acceptor id like every other vote.
   */
  private NodeId ownAcceptorId(MultiPaxosState s) {
    if (bug == MultiPaxosBug.P10) {
      return s.eventSender; // the bug: booked under the sender of the message being handled
    }
    return s.self;
  }

  private void onP1b(
      MultiPaxosState s, NodeId from, P1b p, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.role != MultiPaxosRole.SCOUTING) {
      return;
    }
    if (p.promised().greaterThan(s.ballot)) {
      preempted(s, p.promised(), out);
      return;
    }
    if (!p.promised().equals(s.ballot) || !s.scoutAcks.add(from)) {
      return; // an answer to an earlier scout, or a duplicate
    }
    for (PValue pv : p.accepted()) {
      PValue held = s.scoutPvals.get(pv.slot());
      if (held == null || pv.ballot().greaterThan(held.ballot())) {
        s.scoutPvals.put(pv.slot(), pv);
      }
    }
    s.scoutFloor = Math.max(s.scoutFloor, p.floor());
    if (adoptable(s)) {
      adopted(s, out);
    }
  }

  /**
   * Phase 1 is done when the promises include a majority of every configuration of the slots this
   * leader may propose in: the one in force where it starts and any change already decided to take
   * effect later (a value chosen in a slot is known to a majority of that slot's acceptors).
   */
  private boolean adoptable(MultiPaxosState s) {
    long from = Math.max(s.slotOut, s.scoutFloor);
    for (ImmutableSortedSet<NodeId> members :
        s.configs.tailMap(s.configs.floorKey(from)).values()) {
      if (!isQuorum(members, s.scoutAcks)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The replica ran a configuration change: a leader re-runs phase 1, so that its promises cover a
   * majority of the new configuration before it proposes in the new configuration's slots.
   */
  void reconfigured(MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.role == MultiPaxosRole.LEADER) {
      startScout(s, "acceptor configuration changes", out);
    }
  }

  /** A leader knows a slot's configuration only below its replica's slot_out + WINDOW. */
  private boolean configurationKnown(MultiPaxosState s, long slot) {
    return config.reconfig().isEmpty() || slot < s.slotOut + config.window();
  }

  /** Phase 1 done: proposals := proposals ◁ pmax(pvals), fill holes, command every slot. */
  private void adopted(MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    long from = Math.max(s.slotOut, s.scoutFloor);
    for (PValue pv : s.scoutPvals.values()) {
      if (bug == MultiPaxosBug.P1) {
        s.leaderProposals.putIfAbsent(pv.slot(), pv.command()); // the bug: own proposals win
      } else {
        s.leaderProposals.put(pv.slot(), pv.command());
      }
    }
    s.leaderProposals.headMap(from).clear();
    s.leaderFloor = from;
    s.backoff = 0;
    become(s, MultiPaxosRole.LEADER, "adopted " + s.ballot, out);
    out.cancelTimer(new LeaderTimeout());
    fillHoles(s, from, out);
    s.adoptedNow = true;
    for (Map.Entry<Long, Command> e : new ArrayList<>(s.leaderProposals.entrySet())) {
      if (!s.decisions.containsKey(e.getKey())) {
        spawnCommander(s, e.getKey(), e.getValue(), out);
      }
    }
    onHeartbeatDue(s, out);
  }

  /** A higher ballot exists: go passive, follow its leader, back off before scouting again. */
  private void preempted(
      MultiPaxosState s, Ballot higher, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    s.highestSeen = Ballot.max(s.highestSeen, higher);
    s.backoff++;
    become(s, MultiPaxosRole.FOLLOWER, "preempted by " + higher, out);
    armLeaderTimeout(s, out);
  }

  /** True if the members among {@code acks} are a majority of {@code members}. */
  private boolean isQuorum(ImmutableSortedSet<NodeId> members, java.util.Set<NodeId> acks) {
    int count = Configs.counted(members, acks);
    if (bug == MultiPaxosBug.P4) {
      return count >= members.size() / 2; // the bug: n/2 is not a strict majority
    }
    return count >= members.size() / 2 + 1;
  }

  // ------------------------------------------------------------------ leader: phase 2

  void onPropose(
      MultiPaxosState s, long slot, Command c, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (slot < s.slotOut
        || slot < s.gcFloor
        || slot < s.leaderFloor
        || s.decisions.containsKey(slot)) {
      return; // decided already: a second command would break L1
    }
    if (s.leaderProposals.putIfAbsent(slot, c) == null && s.active) {
      spawnCommander(s, slot, c, out);
    }
  }

  private void spawnCommander(
      MultiPaxosState s, long slot, Command c, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (!s.active) {
      // A leader commands only under a ballot it was adopted for. With a one-acceptor
      // configuration a commander decides inside this call, and a configuration change decided
      // there starts phase 1 again: a caller looping over proposals must not go on under the new,
      // unadopted ballot (its own acceptor would accept a command that pmax may then replace).
      return;
    }
    if (!configurationKnown(s, slot)) {
      return; // commanded from a heartbeat once this server's replica gets near
    }
    PValue pv = new PValue(s.ballot, slot, c);
    if (c.isConfig()) {
      markConfigStep(Annotations.CONFIG_APPENDED, pv, out);
    } else if (slot > 1 && s.configs.containsKey(slot)) {
      markConfigStep(CONFIG_IN_FORCE, pv, out);
    }
    s.commanders.put(slot, new TreeSet<>());
    sendToOthersExcept(s, s.commanders.get(slot), new P2a(pv), out);
    Ballot own = acceptP2a(s, pv, out);
    if (own != null) {
      onP2b(s, ownAcceptorId(s), new P2b(pv.ballot(), own, slot), out);
    }
  }

  private void onP2b(
      MultiPaxosState s, NodeId from, P2b p, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.role != MultiPaxosRole.LEADER) {
      return;
    }
    if (p.promised().greaterThan(s.ballot)) {
      preempted(s, p.promised(), out);
      return;
    }
    boolean stalePromise = !p.promised().equals(s.ballot);
    if (stalePromise && bug == MultiPaxosBug.P11) {
      s.active = false; // the bug: a stale preemption silences the leader for good
    }
    // Not an acceptance at this ballot: a refusal, or a late answer to this leader's p2a of an
    // earlier ballot (whose promise may equal the current ballot while nothing was accepted at it).
    if (stalePromise || !p.answered().equals(s.ballot)) {
      if (bug != MultiPaxosBug.P5) {
        return; // (P5: the bug counts it as an acceptance)
      }
    }
    TreeSet<NodeId> acks = s.commanders.get(p.slot());
    if (acks == null || !s.active || !acks.add(from)) {
      return;
    }
    ImmutableSortedSet<NodeId> members = Configs.at(s.configs, p.slot());
    int waiting = members.size() - Configs.counted(members, acks);
    boolean decided =
        bug == MultiPaxosBug.P9
            ? 2 * waiting > members.size() // the bug: the quorum test inverted
            : isQuorum(members, acks);
    if (decided) {
      Command c = s.leaderProposals.get(p.slot());
      if (c.isConfig()) {
        markConfigStep(Annotations.CONFIG_COMMITTED, new PValue(s.ballot, p.slot(), c), out);
      }
      s.commanders.remove(p.slot());
      sendToOthersExcept(s, new TreeSet<>(), new Decision(p.slot(), c), out);
      onDecision(s, p.slot(), c, out);
    }
  }

  /**
   * A leader starts commanding the first slot of a new acceptor configuration (a configuration
   * command's slot + WINDOW): the fuzzer aims faults at it ({@link MultiPaxosSpec#swarmFaults}).
   */
  static final String CONFIG_IN_FORCE = "config-in-force";

  /**
   * Marks a step of a configuration change for the fuzzer's state-aware faults: a leader commands a
   * configuration command ({@code config-appended}), an acceptor accepts it ({@code
   * config-learned}; not the leader's own), a leader decides it ({@code config-committed}), a
   * leader commands the first slot the new acceptors decide ({@link #CONFIG_IN_FORCE}). The value
   * names the pvalue, so each new step is a new value.
   */
  private static void markConfigStep(
      String key, PValue pv, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    Command c = pv.command();
    out.annotate(
        key, "slot " + pv.slot() + " " + pv.ballot() + " " + (c.isConfig() ? c.value() : c));
  }

  /** A decision reached this server: the leader forgets the slot, the replica learns it. */
  void onDecision(
      MultiPaxosState s, long slot, Command c, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    s.leaderProposals.remove(slot);
    s.commanders.remove(slot);
    replica.onDecision(s, slot, c, out);
  }

  /** No-ops for slots in [from, highest known slot) that have neither proposal nor decision. */
  private void fillHoles(
      MultiPaxosState s, long from, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (bug == MultiPaxosBug.P12) {
      return; // the bug: holes stay open, later slots never execute
    }
    long top = Math.max(lastKey(s.leaderProposals), lastKey(s.decisions));
    for (long slot = from; slot < top; slot++) {
      if (!s.leaderProposals.containsKey(slot) && !s.decisions.containsKey(slot)) {
        s.leaderProposals.put(slot, Command.NOOP);
        if (s.active) {
          spawnCommander(s, slot, Command.NOOP, out);
        }
      }
    }
  }

  /** Proposals held back until their slot's configuration was known get their commanders. */
  private void commandWaitingProposals(
      MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (config.reconfig().isEmpty()) {
      return; // every slot's configuration is known: nothing was held back
    }
    for (Map.Entry<Long, Command> e : new ArrayList<>(s.leaderProposals.entrySet())) {
      if (!s.commanders.containsKey(e.getKey()) && !s.decisions.containsKey(e.getKey())) {
        spawnCommander(s, e.getKey(), e.getValue(), out);
      }
    }
  }

  private static long lastKey(java.util.TreeMap<Long, ?> map) {
    return map.isEmpty() ? 0 : map.lastKey();
  }

  // ------------------------------------------------------------------ heartbeats and GC

  private void onHeartbeatDue(MultiPaxosState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.role != MultiPaxosRole.LEADER) {
      return;
    }
    sendToOthersExcept(s, new TreeSet<>(), new Heartbeat(s.ballot, s.slotOut, s.gcFloor), out);
    for (Map.Entry<Long, TreeSet<NodeId>> e : s.commanders.entrySet()) {
      PValue pv = new PValue(s.ballot, e.getKey(), s.leaderProposals.get(e.getKey()));
      sendToOthersExcept(s, e.getValue(), new P2a(pv), out);
    }
    if (s.active) {
      fillHoles(s, Math.max(s.slotOut, s.leaderFloor), out);
      commandWaitingProposals(s, out);
    }
    out.setTimer(new HeartbeatDue(), config.heartbeatTicks());
  }

  private void onHeartbeat(
      MultiPaxosState s,
      NodeId from,
      Heartbeat h,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    raiseGcFloor(s, h.gcFloor(), out);
    out.send(from, new HeartbeatReply(s.promised, replica.save(s, out)));
    if (h.slotOut() < s.slotOut) {
      replica.helpCatchUp(s, from, h.slotOut(), out);
    }
    if (h.ballot().compareTo(s.highestSeen) < 0) {
      return; // a deposed leader's heartbeat: our reply tells it
    }
    s.highestSeen = Ballot.max(s.highestSeen, h.ballot());
    if (s.role != MultiPaxosRole.FOLLOWER && h.ballot().greaterThan(s.ballot)) {
      become(s, MultiPaxosRole.FOLLOWER, "heartbeat of " + h.ballot(), out);
    }
    if (s.role == MultiPaxosRole.FOLLOWER) {
      s.backoff = 0;
      armLeaderTimeout(s, out);
    }
  }

  private void onHeartbeatReply(
      MultiPaxosState s,
      NodeId from,
      HeartbeatReply r,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.role != MultiPaxosRole.LEADER) {
      return;
    }
    if (r.promised().greaterThan(s.ballot)) {
      preempted(s, r.promised(), out);
      return;
    }
    s.replicaSlotOut.put(from, r.slotOut());
    if (r.slotOut() < s.slotOut) {
      replica.helpCatchUp(s, from, r.slotOut(), out);
    }
    if (s.replicaSlotOut.size() == config.servers().size() - 1) {
      long min = replica.save(s, out);
      for (long v : s.replicaSlotOut.values()) {
        min = Math.min(min, v);
      }
      raiseGcFloor(s, min, out);
    }
  }

  /**
   * Every replica executed the slots below {@code floor}: acceptor, replica and leader drop them.
   */
  private void raiseGcFloor(
      MultiPaxosState s, long floor, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (floor <= s.gcFloor) {
      return;
    }
    s.gcFloor = floor;
    if (floor > s.acceptorFloor) {
      s.acceptorFloor = floor;
      s.accepted.headMap(floor).clear();
      persist(s, out);
    }
    s.leaderProposals.headMap(floor).clear();
    s.commanders.headMap(floor).clear();
    replica.dropDecisionsBelow(s, Math.min(floor, s.slotOut));
  }

  void sendToOthersExcept(
      MultiPaxosState s,
      TreeSet<NodeId> skip,
      MultiPaxosMessage m,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    for (NodeId id : config.servers()) {
      if (!id.equals(s.self) && !skip.contains(id)) {
        out.send(id, m);
      }
    }
  }
}
