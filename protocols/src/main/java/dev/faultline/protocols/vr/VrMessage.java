package dev.faultline.protocols.vr;

import com.google.common.collect.ImmutableList;
import dev.faultline.sim.api.Message;

/**
 * Every message of VR replicas and clients, named as in the paper. Op numbers count from 1; a log
 * of n entries has op number n. Every replica-to-replica message carries the sender's view.
 */
public sealed interface VrMessage extends Message {

  /** Client to primary: its {@code requestNumber}-th operation. */
  record Request(long requestNumber, String f, String key, String value) implements VrMessage {}

  /** Primary to client: the result of an executed request, and the view it was executed in. */
  record Reply(long view, long requestNumber, String result) implements VrMessage {}

  /** A replica that is not the primary of its (normal) view tells the client which view it is. */
  record NotPrimary(long view, long requestNumber) implements VrMessage {}

  /** Primary to backups: op {@code opNumber} is {@code op}; everything up to {@code commit} is. */
  record Prepare(long view, VrOp op, long opNumber, long commit) implements VrMessage {}

  /** Backup to primary: my log holds every entry up to {@code opNumber} of {@code view}. */
  record PrepareOk(long view, long opNumber) implements VrMessage {}

  /** Primary to backups when idle: everything up to {@code commit} is committed (a heartbeat). */
  record Commit(long view, long commit) implements VrMessage {}

  record StartViewChange(long view) implements VrMessage {}

  /** To the new primary of {@code view}: my log, the last view I was normal in, my commit. */
  record DoViewChange(long view, ImmutableList<VrOp> log, long lastNormalView, long commit)
      implements VrMessage {}

  /** New primary to all: the log of {@code view} and its commit number. */
  record StartView(long view, ImmutableList<VrOp> log, long commit) implements VrMessage {}

  /** A restarted replica that lost its state asks for it; {@code nonce} names this attempt. */
  record Recovery(long nonce) implements VrMessage {}

  /**
   * A normal replica's answer to a recovery: its view, and if it is that view's primary its log and
   * commit number ({@code log} null from a backup).
   */
  record RecoveryResponse(long view, long nonce, ImmutableList<VrOp> log, long commit)
      implements VrMessage {}

  /** A lagging replica asks a replica normal in {@code view} for its log after {@code fromOp}. */
  record GetState(long view, long fromOp) implements VrMessage {}

  /** The log of {@code view} after {@code fromOp} (the entries fromOp+1..), and its commit. */
  record NewState(long view, long fromOp, ImmutableList<VrOp> suffix, long commit)
      implements VrMessage {}
}
