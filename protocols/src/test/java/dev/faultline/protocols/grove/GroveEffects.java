package dev.faultline.protocols.grove;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * Effects that record what one Grove node's handler did (messages, timers, disk writes, in order)
 * under a clock the test sets, for unit tests of one handler call at a time.
 */
final class GroveEffects implements Effects<GroveMessage, GroveTimer> {
  record Sent(NodeId to, GroveMessage message) {}

  record TimerSet(GroveTimer timer, long ticksMin) {}

  final NodeId self;
  final List<Sent> sent = new ArrayList<>();
  final List<TimerSet> timers = new ArrayList<>();

  /** Every call in order: "send", "persist" (to check persist-before-reply). */
  final List<String> calls = new ArrayList<>();

  Durable persisted;
  ClockReading clock = new ClockReading(0, 0);

  GroveEffects(String self) {
    this.self = NodeId.of(self);
  }

  /** The clock reads [lower, upper] from now on. */
  GroveEffects at(long lower, long upper) {
    clock = new ClockReading(lower, upper);
    return this;
  }

  <M extends GroveMessage> List<M> sentOf(Class<M> type) {
    return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
  }

  <M extends GroveMessage> M last(Class<M> type) {
    List<M> all = sentOf(type);
    if (all.isEmpty()) {
      throw new AssertionError("no " + type.getSimpleName() + " sent; sent: " + sent);
    }
    return all.get(all.size() - 1);
  }

  List<NodeId> recipientsOf(Class<? extends GroveMessage> type) {
    return sent.stream().filter(s -> type.isInstance(s.message())).map(Sent::to).toList();
  }

  void clear() {
    sent.clear();
    timers.clear();
    calls.clear();
    persisted = null;
  }

  @Override
  public NodeId self() {
    return self;
  }

  @Override
  public void send(NodeId to, GroveMessage message) {
    sent.add(new Sent(to, message));
    calls.add("send " + message.getClass().getSimpleName());
  }

  @Override
  public void setTimer(GroveTimer timer, long ticksMin, long ticksMax) {
    timers.add(new TimerSet(timer, ticksMin));
  }

  @Override
  public void cancelTimer(GroveTimer timer) {}

  @Override
  public void persist(Durable durable) {
    persisted = durable;
    calls.add("persist");
  }

  @Override
  public ClockReading clock() {
    return clock;
  }

  @Override
  public void record(HistoryEvent event) {}

  @Override
  public void annotate(String key, String value) {}
}
