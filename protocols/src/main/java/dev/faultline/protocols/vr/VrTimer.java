package dev.faultline.protocols.vr;

import dev.faultline.sim.api.Timer;

/** Every timer of replicas and clients. */
public sealed interface VrTimer extends Timer {
  /** Primary: send COMMIT (the heartbeat) and re-send PREPAREs that are not acknowledged. */
  record CommitDue() implements VrTimer {}

  /**
   * Backup: nothing heard from the primary for too long; or, in view-change status: the view change
   * did not finish in time. Either way: start a view change to the next view.
   */
  record ViewTimeout() implements VrTimer {}

  /** Re-send what the current status waits on (STARTVIEWCHANGE, RECOVERY, GETSTATE). */
  record Resend() implements VrTimer {}

  /** Client: no answer to this request in time; try the next primary. */
  record RequestRetry(long requestNumber) implements VrTimer {}

  /** Client: the next operation may start now (its notBeforeTick has come). */
  record NextOpDue() implements VrTimer {}
}
