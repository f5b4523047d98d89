package dev.faultline.protocols.pb;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;

/** A planted server's effects: the real ones, except what a test's subclass overrides. */
class ForwardingEffects implements Effects<PbMessage, PbTimer> {
  final Effects<PbMessage, PbTimer> out;

  ForwardingEffects(Effects<PbMessage, PbTimer> out) {
    this.out = out;
  }

  @Override
  public NodeId self() {
    return out.self();
  }

  @Override
  public void send(NodeId to, PbMessage message) {
    out.send(to, message);
  }

  @Override
  public void setTimer(PbTimer timer, long ticksMin, long ticksMax) {
    out.setTimer(timer, ticksMin, ticksMax);
  }

  @Override
  public void cancelTimer(PbTimer timer) {
    out.cancelTimer(timer);
  }

  @Override
  public void persist(Durable durable) {
    out.persist(durable);
  }

  @Override
  public ClockReading clock() {
    return out.clock();
  }

  @Override
  public void record(HistoryEvent event) {
    out.record(event);
  }

  @Override
  public void annotate(String key, String value) {
    out.annotate(key, value);
  }
}
