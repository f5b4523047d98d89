package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Timer;

/** Every timer of primary/backup with a view server, grouped by the node kind that sets it. */
public sealed interface PbTimer extends Timer {

  /** Set by primary/backup servers. */
  sealed interface ServerTimer extends PbTimer {}

  /** Set by the view server. */
  sealed interface ViewServerTimer extends PbTimer {}

  /** Set by clients. */
  sealed interface ClientTimer extends PbTimer {}

  /** Server: send the next Ping. */
  record PingTick() implements ServerTimer {}

  /** View server: close a ping interval and decide whether the view must change. */
  record PingCheck() implements ViewServerTimer {}

  /** Primary: re-send the pending Forward (lost message or slow backup). */
  record ForwardRetry() implements ServerTimer {}

  /** Primary: re-send the StateTransfer until the backup acknowledges it. */
  record TransferRetry() implements ServerTimer {}

  /** Client: the current operation went unanswered; refresh the view and re-send. */
  record ClientRetry() implements ClientTimer {}

  /** Client: time to issue the next operation of its script. */
  record NextOp() implements ClientTimer {}
}
