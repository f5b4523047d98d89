package dev.faultline.sim.api;

import java.util.List;

/**
 * One handler a node ran, as a step invariant sees it ({@link SystemView#lastSteps}): which node,
 * what made it run, and every message the handler sent, in the order it called {@code send}, before
 * the network dropped, delayed or copied any of them. A step property ("a server that receives a
 * vote request from a stale term refuses it") compares the trigger with what was sent and with the
 * node's state after the step.
 *
 * <p>A handler runs only on a node that is up. The node may be down again when an invariant sees
 * the step: a state-aware fault (reboot-after) crashes it as its handler returns, after its sends
 * left. A rule that reads the node's state after the step checks {@link SystemView#isUp} first.
 *
 * @param position the node's position in {@link SystemView#nodes()}
 * @param node the node that ran the handler
 * @param kind what made it run
 * @param from the sender of the delivered message ({@link Kind#MESSAGE}), else null
 * @param message the delivered message ({@link Kind#MESSAGE}), else null
 * @param timer the timer that fired ({@link Kind#TIMER}), else null
 * @param sent what the handler sent, in order; read-only
 */
public record Step(
    int position,
    NodeId node,
    Kind kind,
    NodeId from,
    Message message,
    Timer timer,
    List<Sent> sent) {

  /** What made a node's handler run. */
  public enum Kind {
    /** {@code onMessage}: a message arrived (from another node, a client node, or itself). */
    MESSAGE,
    /** {@code onTimer}: one of its timers fired. */
    TIMER,
    /** {@code init}: the node booted at the start of the run or restarted after a crash. */
    BOOT
  }

  /** One {@code send} a handler made: to whom, what. */
  public record Sent(NodeId to, Message message) {}
}
