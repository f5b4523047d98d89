package dev.faultline.protocols.pb;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;

/** Effects that only record what a handler did, for unit tests of one node. */
final class RecordingEffects implements Effects<PbMessage, PbTimer> {
  record Sent(NodeId to, PbMessage message) {}

  final NodeId self;
  final List<Sent> sent = new ArrayList<>();
  Durable persisted;

  RecordingEffects(String self) {
    this.self = NodeId.of(self);
  }

  <M extends PbMessage> List<M> sentOf(Class<M> type) {
    return sent.stream().map(Sent::message).filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public NodeId self() {
    return self;
  }

  @Override
  public void send(NodeId to, PbMessage message) {
    sent.add(new Sent(to, message));
  }

  @Override
  public void setTimer(PbTimer timer, long ticksMin, long ticksMax) {}

  @Override
  public void cancelTimer(PbTimer timer) {}

  @Override
  public void persist(Durable durable) {
    persisted = durable;
  }

  @Override
  public ClockReading clock() {
    return new ClockReading(0, 0);
  }

  @Override
  public void record(HistoryEvent event) {}

  @Override
  public void annotate(String key, String value) {}
}
