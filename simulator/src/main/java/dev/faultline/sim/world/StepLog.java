package dev.faultline.sim.world;

import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.Timer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The handlers the running event ran and what each sent, for {@link
 * dev.faultline.sim.api.SystemView#lastSteps}. A world has one only when an invariant judges steps;
 * otherwise the handlers and {@code send} see null and record nothing.
 */
final class StepLog {
  private final List<Step> steps = new ArrayList<>();
  private final List<Step> readOnly = Collections.unmodifiableList(steps);
  private final NodeId[] ids;
  private List<Step.Sent> sent; // the running handler's sends; a fresh list per step

  StepLog(NodeId[] ids) {
    this.ids = ids;
  }

  /** A new event: forgets the last event's steps. */
  void clear() {
    steps.clear();
    sent = null;
  }

  /** Node {@code i} starts a handler for {@code kind}; its sends go to this step until the next. */
  void begin(int i, Step.Kind kind, int from, Message message, Timer timer) {
    List<Step.Sent> list = new ArrayList<>();
    sent = list;
    NodeId sender = from < 0 ? null : ids[from];
    steps.add(
        new Step(i, ids[i], kind, sender, message, timer, Collections.unmodifiableList(list)));
  }

  /** The running handler sent {@code m} to {@code to}. */
  void sent(NodeId to, Message m) {
    if (sent != null) {
      sent.add(new Step.Sent(to, m));
    }
  }

  List<Step> steps() {
    return readOnly;
  }
}
