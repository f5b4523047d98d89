package dev.faultline.sim.world;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;
import dev.faultline.sim.trace.TraceEvent;

/**
 * The one {@link Effects} object of a world, re-pointed at whichever node is running a handler:
 * what a node may do (send, set timers, persist, read its clock, record history, annotate).
 */
final class NodeEffects implements Effects<Message, Timer> {
  private final WorldState w;
  private final Network network;
  private final Clocks clocks;
  int node;

  NodeEffects(WorldState w, Network network, Clocks clocks) {
    this.w = w;
    this.network = network;
    this.clocks = clocks;
  }

  @Override
  public NodeId self() {
    return w.ids[node];
  }

  @Override
  public void send(NodeId to, Message message) {
    if (w.steps != null) {
      w.steps.sent(to, message);
    }
    network.send(node, to, message);
  }

  @Override
  public void setTimer(Timer timer, long ticksMin, long ticksMax) {
    if (ticksMin < 0 || ticksMax < ticksMin) {
      throw new IllegalArgumentException(
          w.ids[node]
              + ": timer range ["
              + ticksMin
              + ", "
              + ticksMax
              + "] is invalid for "
              + timer);
    }
    long local = ticksMin == ticksMax ? ticksMin : w.nodeRngs[node].nextLong(ticksMin, ticksMax);
    long at = w.now + clocks.trueDelay(node, local);
    Event e = w.event(at, Event.TIMER, node, -1, timer, -1, w.incarnation[node]);
    w.timers[node].put(timer, e);
    w.queue.add(e);
  }

  @Override
  public void cancelTimer(Timer timer) {
    w.timers[node].cancel(timer);
  }

  @Override
  public void persist(Durable durable) {
    w.durables[node] = durable;
    if (w.traced()) {
      w.emit(new TraceEvent.Persist(w.now, w.ids[node]));
    }
  }

  @Override
  public ClockReading clock() {
    return clocks.reading(node);
  }

  @Override
  public void record(HistoryEvent event) {
    HistoryEvent stamped = event.atTick(w.now);
    w.history.add(stamped);
    if (w.traced()) {
      w.emit(new TraceEvent.History(w.now, w.ids[node], stamped));
    }
  }

  @Override
  public void annotate(String key, String value) {
    String previous = w.annotations.get(node).put(key, value);
    if (w.traced()) {
      w.emit(new TraceEvent.Annotate(w.now, w.ids[node], key, value));
    }
    w.triggers.onAnnotate(node, w.ids[node], key, previous, value);
  }
}
