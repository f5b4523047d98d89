package dev.faultline.sim.world;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.Timer;
import dev.faultline.sim.trace.TraceEvent;

/**
 * Runs node code and the node lifecycle: boot (init), message and timer handlers, crash and
 * restart. A crash discards the state and every pending timer (cancelled, so they cost nothing
 * later) and keeps the durable state; a restart runs init with the last persisted value (null after
 * a disk wipe). Crashing a down node or restarting an up node does nothing.
 */
final class NodeRunner {
  private final WorldState w;
  private final Network network;
  private final NodeEffects effects;

  NodeRunner(WorldState w, Network network, NodeEffects effects) {
    this.w = w;
    this.network = network;
    this.effects = effects;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  void boot(int i, Durable durable) {
    effects.node = i;
    w.touch(i);
    if (w.steps != null) {
      w.steps.begin(i, Step.Kind.BOOT, -1, null, null);
    }
    Protocol p = w.protocols[i];
    w.triggers.booting(true);
    try {
      w.states[i] = p.init(w.ids[i], durable, effects);
    } finally {
      w.triggers.booting(false);
    }
    if (w.states[i] == null) {
      throw new IllegalStateException(w.ids[i] + ": init returned null state");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  void deliver(Event e) {
    if (!network.arrives(e)) {
      return;
    }
    int to = e.node;
    effects.node = to;
    w.touch(to);
    if (w.steps != null) {
      w.steps.begin(to, Step.Kind.MESSAGE, e.from, (Message) e.payload, null);
    }
    Protocol p = w.protocols[to];
    p.onMessage(w.states[to], w.ids[e.from], (Message) e.payload, effects);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  void fireTimer(Event e) {
    int i = e.node;
    Timer timer = (Timer) e.payload;
    // A crash cancels every pending timer and a re-arm cancels the one it replaces, so a live
    // event here always belongs to the current incarnation; the checks are cheap insurance.
    if (!w.up[i] || w.incarnation[i] != e.incarnation || !w.timers[i].removeIfCurrent(timer, e)) {
      return;
    }
    if (w.traced()) {
      w.emit(new TraceEvent.TimerFire(w.now, w.ids[i], timer));
    }
    effects.node = i;
    w.touch(i);
    if (w.steps != null) {
      w.steps.begin(i, Step.Kind.TIMER, -1, null, timer);
    }
    Protocol p = w.protocols[i];
    p.onTimer(w.states[i], timer, effects);
  }

  void crash(int i) {
    if (!w.up[i]) {
      return;
    }
    w.annotations.get(i).clear();
    w.crashedOrder.add(i);
    w.up[i] = false;
    w.touch(i);
    w.states[i] = null;
    w.incarnation[i]++;
    w.timers[i].cancelAll();
    w.emit(new TraceEvent.Crash(w.now, w.ids[i]));
  }

  void restart(int i, boolean wipeDisk) {
    if (w.up[i]) {
      return;
    }
    if (wipeDisk) {
      w.durables[i] = null;
    }
    w.up[i] = true;
    w.crashedOrder.remove(Integer.valueOf(i));
    w.incarnation[i]++;
    w.emit(new TraceEvent.Restart(w.now, w.ids[i], w.durables[i] != null));
    boot(i, w.durables[i]);
  }
}
