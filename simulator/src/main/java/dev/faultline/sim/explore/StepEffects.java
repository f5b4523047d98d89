package dev.faultline.sim.explore;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * The explorer's {@link Effects}: a handler's sends, timer changes, persists, history events and
 * annotations collected as data, in call order, for the model to apply to the next state. One
 * instance is reset and reused per step.
 */
final class StepEffects implements Effects<Message, Timer> {
  /** A timer armed ({@code cancel} false) or cancelled, in call order. */
  record TimerOp(Timer timer, long minTicks, long maxTicks, boolean cancel) {}

  record Send(NodeId to, Message message) {}

  record Annotation(String key, String value) {}

  NodeId self;
  ClockReading clock;
  final List<Send> sends = new ArrayList<>();
  final List<TimerOp> timerOps = new ArrayList<>();
  final List<HistoryEvent> history = new ArrayList<>();
  final List<Annotation> annotations = new ArrayList<>();
  Durable persisted;
  boolean didPersist;
  // Annotations only matter to a step recorder (counterexample replay); a search drops them.
  boolean keepAnnotations = true;

  void reset(NodeId self, ClockReading clock) {
    this.self = self;
    this.clock = clock;
    sends.clear();
    timerOps.clear();
    history.clear();
    annotations.clear();
    persisted = null;
    didPersist = false;
  }

  /** True when the handler did nothing visible beyond (maybe) changing its own state. */
  boolean isEmpty() {
    return sends.isEmpty() && timerOps.isEmpty() && history.isEmpty() && !didPersist;
  }

  @Override
  public NodeId self() {
    return self;
  }

  @Override
  public void send(NodeId to, Message message) {
    sends.add(new Send(to, message));
  }

  @Override
  public void setTimer(Timer timer, long ticksMin, long ticksMax) {
    if (ticksMin < 0 || ticksMax < ticksMin) {
      throw new IllegalArgumentException(
          self + ": timer range [" + ticksMin + ", " + ticksMax + "] is invalid for " + timer);
    }
    timerOps.add(new TimerOp(timer, ticksMin, ticksMax, false));
  }

  @Override
  public void cancelTimer(Timer timer) {
    timerOps.add(new TimerOp(timer, 0, 0, true));
  }

  @Override
  public void persist(Durable durable) {
    persisted = durable;
    didPersist = true;
  }

  @Override
  public ClockReading clock() {
    return clock;
  }

  @Override
  public void record(HistoryEvent event) {
    history.add(event);
  }

  @Override
  public void annotate(String key, String value) {
    if (keepAnnotations) {
      annotations.add(new Annotation(key, value));
    }
  }
}
