package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Timer;

/** Every timer of primary/backup with a view server. */
public sealed interface PbTimer extends Timer {

  /** Server: send the next Ping. */
  record PingTick() implements PbTimer {}

  /** View server: close a ping interval and decide whether the view must change. */
  record PingCheck() implements PbTimer {}

  /** Primary: re-send the pending Forward (lost message or slow backup). */
  record ForwardRetry() implements PbTimer {}

  /** Primary: re-send the StateTransfer until the backup acknowledges it. */
  record TransferRetry() implements PbTimer {}

  /** Client: the current operation went unanswered; refresh the view and re-send. */
  record ClientRetry() implements PbTimer {}

  /** Client: time to issue the next operation of its script. */
  record NextOp() implements PbTimer {}
}
