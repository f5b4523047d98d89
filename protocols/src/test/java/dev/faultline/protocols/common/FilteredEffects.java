package dev.faultline.protocols.common;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;
import java.util.function.BiPredicate;

/**
 * A node's effects with its sends and labels passing through filters (a false result drops them),
 * for planting a bug in a correct protocol from a test: a lost reply, a label left out.
 */
public record FilteredEffects<M extends Message, T extends Timer>(
    Effects<M, T> out, BiPredicate<NodeId, M> sends, BiPredicate<String, String> labels)
    implements Effects<M, T> {

  @Override
  public NodeId self() {
    return out.self();
  }

  @Override
  public void send(NodeId to, M message) {
    if (sends.test(to, message)) {
      out.send(to, message);
    }
  }

  @Override
  public void setTimer(T timer, long ticksMin, long ticksMax) {
    out.setTimer(timer, ticksMin, ticksMax);
  }

  @Override
  public void cancelTimer(T timer) {
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
    if (labels.test(key, value)) {
      out.annotate(key, value);
    }
  }
}
