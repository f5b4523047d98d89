package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableList;

/** Every message of Multi-Paxos servers (replica, leader, acceptor roles) and clients. */
public sealed interface MultiPaxosMessage extends dev.faultline.sim.api.Message {

  /** What a server receives. */
  sealed interface ToServer extends MultiPaxosMessage {}

  /** What a client receives. */
  sealed interface ToClient extends MultiPaxosMessage {}

  /** Client to any server. */
  record ClientRequest(long seq, String f, String key, String value) implements ToServer {}

  /** The replica that took the request, once it executed it. */
  record ClientReply(long seq, String output) implements ToClient {}

  /** Replica to every leader: please decide {@code command} in {@code slot}. */
  record Propose(long slot, Command command) implements ToServer {}

  /** Scout to acceptors; {@code fromSlot}: only pvalues of slots at or above it are wanted. */
  record P1a(Ballot ballot, long fromSlot) implements ToServer {}

  /**
   * Acceptor to scout: its current promise (higher than the scout's ballot: preempted), its
   * garbage-collection floor and its accepted pvalues from the asked slot on.
   */
  record P1b(Ballot promised, long floor, ImmutableList<PValue> accepted) implements ToServer {}

  /** Commander to acceptors. */
  record P2a(PValue pvalue) implements ToServer {}

  /**
   * Acceptor to commander: the ballot of the p2a it answers ({@code answered}), its current promise
   * and the slot. The acceptor accepted the pvalue iff {@code promised} equals {@code answered}; a
   * commander counts only answers to its own ballot (a late answer to the same leader's earlier
   * ballot is no acceptance at the current one).
   */
  record P2b(Ballot answered, Ballot promised, long slot) implements ToServer {}

  /** Commander (or a server helping a lagging replica) to replicas. */
  record Decision(long slot, Command command) implements ToServer {}

  /** Active leader to every server: liveness, its slot_out and the garbage-collection floor. */
  record Heartbeat(Ballot ballot, long slotOut, long gcFloor) implements ToServer {}

  /** Reply: the server's promise (a higher one preempts the leader) and its slot_out. */
  record HeartbeatReply(Ballot promised, long slotOut) implements ToServer {}

  /** A replica's state at {@code slotOut}, for a replica behind the garbage-collection floor. */
  record CatchUp(ReplicaSnapshot snapshot) implements ToServer {}
}
