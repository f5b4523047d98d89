package dev.faultline.sim.explore;

import dev.faultline.sim.api.NodeId;

/**
 * An enabled action in the model's own terms (node indices, the exact envelope or timer), so the
 * search applies it without looking anything up. {@link #action} gives the public form.
 */
final class Choice {
  static final int DELIVER = 0;
  static final int TIMER = 1;
  static final int RESTART = 2;
  static final int CRASH = 3;
  static final int DROP = 4;
  static final int ISOLATE = 5;
  static final int HEAL = 6;
  static final int CLOCK = 7;
  static final int BLOCK = 8;
  static final int CLOCK_OFFSET = 9;

  final int kind;
  final int node; // the stepped node (receiver for deliver/drop), -1 for heal and clock
  final Envelope envelope;
  final PendingTimer timer;
  // block: the receiving end of the cut link (node is the sending end); clock offset: the node's
  // new offset in ticks (-eps, 0 or +eps)
  final int peer;

  Choice(int kind, int node, Envelope envelope, PendingTimer timer) {
    this(kind, node, envelope, timer, -1);
  }

  Choice(int kind, int node, Envelope envelope, PendingTimer timer, int peer) {
    this.kind = kind;
    this.node = node;
    this.envelope = envelope;
    this.timer = timer;
    this.peer = peer;
  }

  ExploreAction action(NodeId[] ids, long clockStepTicks) {
    return switch (kind) {
      case DELIVER ->
          new ExploreAction.Deliver(ids[envelope.from()], ids[envelope.to()], envelope.message());
      case TIMER -> new ExploreAction.FireTimer(ids[node], timer.timer());
      case RESTART -> new ExploreAction.Restart(ids[node]);
      case CRASH -> new ExploreAction.Crash(ids[node]);
      case DROP ->
          new ExploreAction.Drop(ids[envelope.from()], ids[envelope.to()], envelope.message());
      case ISOLATE -> new ExploreAction.Isolate(ids[node]);
      case HEAL -> new ExploreAction.Heal();
      case CLOCK -> new ExploreAction.ClockStep(clockStepTicks);
      case BLOCK -> new ExploreAction.Block(ids[node], ids[peer]);
      case CLOCK_OFFSET -> new ExploreAction.ClockOffset(ids[node], peer);
      default -> throw new IllegalStateException("unknown choice kind " + kind);
    };
  }

  /** Runs a handler (and so can be nondeterministic or throw). */
  boolean runsHandler() {
    return kind == DELIVER || kind == TIMER || kind == RESTART;
  }
}
