package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import java.util.List;

/**
 * Every message of Grove, grouped by who receives it, so each node kind switches over exactly the
 * messages it can get (a config reply goes to admins and clients, a lease reply to replicas).
 */
public sealed interface GroveMessage extends Message {

  /** Received by the config service. */
  sealed interface ToConfig extends GroveMessage {}

  /** Received by replicas. */
  sealed interface ToReplica extends GroveMessage {}

  /** Received by the reconfiguration admin. */
  sealed interface ToAdmin extends GroveMessage {}

  /** Received by clients. */
  sealed interface ToClient extends GroveMessage {}

  /** What the config service answers to a configuration write. */
  enum WriteStatus {
    OK,
    /** A newer reconfiguration has reserved an epoch (or this one is older than the active one). */
    STALE,
    /** The old epoch's leases may still run: ask again after {@code waitTicks}. */
    WAIT
  }

  // ------------------------------------------------------------------ config service

  /** Admin: reserve the next epoch and tell me the active configuration. */
  record ReserveEpoch() implements ToConfig {}

  /** The reserved epoch and the active configuration ({@code epoch}, {@code servers}). */
  record ReserveReply(long reserved, long epoch, List<NodeId> servers) implements ToAdmin {}

  /** Client or admin: the active configuration (a hint; it may be stale when it arrives). */
  record GetConfig() implements ToConfig {}

  record ConfigReply(long epoch, List<NodeId> servers) implements ToAdmin, ToClient {}

  /** Admin: make {@code epoch} with {@code servers} the active configuration. */
  record WriteConfig(long epoch, List<NodeId> servers) implements ToConfig {}

  record WriteConfigReply(long epoch, WriteStatus status, long waitTicks) implements ToAdmin {}

  /** Replica: a read lease for {@code epoch}. */
  record GetLease(long epoch) implements ToConfig {}

  /** {@code granted}: the lease holds until {@code expirationTicks} (config service's clock). */
  record LeaseReply(long epoch, boolean granted, long expirationTicks) implements ToReplica {}

  // ------------------------------------------------------------------ clients and replicas

  /** Client to the primary: a write (put or append). */
  record Apply(KvRequest request) implements ToReplica {}

  /** Client to any replica: a read under the replica's lease. */
  record Read(KvRequest request) implements ToReplica {}

  /** A replica's answer; {@code hint}: who the replica thinks is primary (null: unknown). */
  record ClientReply(long seq, boolean ok, String output, String reason, NodeId hint)
      implements ToClient {}

  /** Primary to backup: apply {@code op} at {@code index} of {@code epoch}. */
  record ApplyAsBackup(long epoch, long index, KvRequest op, long committed) implements ToReplica {}

  /**
   * Backup to primary: {@code ok} and it holds every op below {@code nextIndex}; or not ok (sealed,
   * or in a newer epoch): the primary steps down.
   */
  record BackupReply(long epoch, boolean ok, long nextIndex) implements ToReplica {}

  /** Primary to backups: every op below {@code committed} is on every replica of the epoch. */
  record CommitIndex(long epoch, long committed) implements ToReplica {}

  /** Admin to an old server: seal yourself (for epochs below {@code epoch}) and send your state. */
  record GetState(long epoch) implements ToReplica {}

  record StateReply(long epoch, boolean ok, Snapshot state) implements ToAdmin {}

  /** Admin to a new server: enter {@code epoch} (configuration {@code servers}) with this state. */
  record SetState(long epoch, List<NodeId> servers, Snapshot state) implements ToReplica {}

  record SetStateReply(long epoch, boolean ok) implements ToAdmin {}

  /** Admin to the first server of the epoch: start serving writes. */
  record BecomePrimary(long epoch) implements ToReplica {}

  record BecomePrimaryReply(long epoch, boolean ok) implements ToAdmin {}

  /** Admin's health probe, round {@code round}. */
  record Probe(long round) implements ToReplica {}

  /**
   * A replica's health: its epoch, whether it serves writes, and whether a write has waited for its
   * backups longer than the stall limit.
   */
  record ProbeReply(long round, long epoch, boolean primary, boolean stalled) implements ToAdmin {}
}
