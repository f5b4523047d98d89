package dev.faultline.sim.world;

import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.trace.TraceEvent;
import java.util.List;

/**
 * Applies a fault at its tick: link cuts and heals go to the {@link Links}, message faults to the
 * {@link Network}, crashes and restarts to the {@link NodeRunner}, skews and drifts to the {@link
 * Clocks}. Role-targeted faults resolve their node when they apply; state-aware ones (reboot-after,
 * isolate-after, block-after) are armed here and act when they fire, after the handler that fired
 * them returns.
 */
final class FaultApplier {
  // Marks (in Event.from) the internal FAULT event that ends a node's isolate-after.
  static final int ISOLATE_AFTER_ENDS = -2;

  private final WorldState w;
  private final Network network;
  private final Links links;
  private final Clocks clocks;
  private final NodeRunner nodes;

  FaultApplier(WorldState w, Network network, Links links, Clocks clocks, NodeRunner nodes) {
    this.w = w;
    this.network = network;
    this.links = links;
    this.clocks = clocks;
    this.nodes = nodes;
  }

  /** A FAULT event from the queue: a scheduled fault, or the end of an isolate-after. */
  void run(Event e) {
    w.lastFaultTick = w.now;
    if (e.from == ISOLATE_AFTER_ENDS) {
      links.endIsolateAfter(e.node);
    } else {
      apply((Fault) e.payload);
    }
    noteCalm();
  }

  /**
   * Tells the calm log whether the world is calm now: every node up, no link cut, no random message
   * fault, no scripted drop or hold pending. A scripted fault used up later is not noticed until
   * the next fault event, which can only start a window later than it could have.
   */
  void noteCalm() {
    boolean calm = !links.anyBlocked() && network.calm();
    for (int i = 0; calm && i < w.size(); i++) {
      calm = w.up[i];
    }
    w.calm.faultAt(w.now, calm);
  }

  void apply(Fault f) {
    switch (f) {
      case Fault.Partition p -> links.partition(p.groups());
      case Fault.Isolate iso -> {
        links.cutOff(w.indexOf(iso.node()), false);
        links.emitPartition("isolate " + iso.node());
      }
      case Fault.BlockLink b -> {
        links.block(w.indexOf(b.from()), w.indexOf(b.to()), true);
        links.emitPartition("block " + b.from() + "->" + b.to());
      }
      case Fault.UnblockLink b -> {
        links.block(w.indexOf(b.from()), w.indexOf(b.to()), false);
        links.emitPartition("unblock " + b.from() + "->" + b.to());
      }
      case Fault.Heal h -> {
        links.clearBlocked();
        links.emitPartition("heal");
      }
      case Fault.Crash c -> nodes.crash(w.indexOf(c.node()));
      case Fault.Restart r -> nodes.restart(w.indexOf(r.node()), r.wipeDisk());
      case Fault.CrashRole c -> crashRole(c);
      case Fault.IsolateRole iso -> isolateRole(iso);
      case Fault.RestartLastCrashed r -> restartLastCrashed();
      case Fault.AfterAnnotation r -> arm(r);
      case Fault.ClockSkew s -> clocks.skew(w.indexOf(s.node()), s.offsetTicks());
      case Fault.ClockDrift d -> clocks.drift(w.indexOf(d.node()), d.driftPpm());
      case Fault.HoldMessages h -> hold(h);
      case Fault.DropMessages d -> drop(d);
      case Fault.SetNetwork s -> {
        network.configure(s.network());
        w.emit(new TraceEvent.NetworkChange(w.now, s.network().toString()));
      }
      case Fault.StabilizeAll s -> stabilize();
    }
  }

  /** Applies the state-aware faults the handler that just returned fired. */
  void applyFired() {
    List<AnnotationTriggers.Fired> fired = w.triggers.takeFired();
    if (fired.isEmpty()) {
      return; // almost always: no iterator per event
    }
    w.lastFaultTick = w.now;
    for (AnnotationTriggers.Fired f : fired) {
      switch (f.fault()) {
        case Fault.RebootAfterAnnotation r -> rebootNow(f.node(), r, f.reason());
        case Fault.IsolateAfterAnnotation r -> isolateNow(f.node(), r, f.reason());
        case Fault.BlockAfterAnnotation b -> blockNow(f.node(), b, f.reason());
      }
    }
    noteCalm();
  }

  private void crashRole(Fault.CrashRole c) {
    int i = nodeWithRole(c.role());
    if (i < 0) {
      noTarget("crash-role", c.role());
    } else {
      nodes.crash(i);
    }
  }

  private void isolateRole(Fault.IsolateRole iso) {
    int i = nodeWithRole(iso.role());
    if (i < 0) {
      noTarget("isolate-role", iso.role());
      return;
    }
    links.cutOff(i, iso.keepClients());
    links.emitPartition(
        "isolate-role "
            + iso.role()
            + ": "
            + w.ids[i]
            + (iso.keepClients() ? " (clients still reach it)" : ""));
  }

  private void restartLastCrashed() {
    if (w.crashedOrder.isEmpty()) {
      if (w.traced()) {
        w.emit(new TraceEvent.NetworkChange(w.now, "restart-last: no node is down (no-op)"));
      }
    } else {
      nodes.restart(w.crashedOrder.get(w.crashedOrder.size() - 1), false);
    }
  }

  private void arm(Fault.AfterAnnotation r) {
    w.triggers.arm(r);
    if (w.traced()) {
      String what =
          r.type() + " " + r.key() + ": armed (the next node to set a new '" + r.key() + "' ";
      w.emit(new TraceEvent.NetworkChange(w.now, what + r.effect() + ")"));
    }
  }

  private void hold(Fault.HoldMessages h) {
    network.script(
        w.optionalIndexOf(h.from()), w.optionalIndexOf(h.to()), h.holdTicks(), h.count());
    if (w.traced()) {
      String link = linkText(h.from(), h.to());
      w.emit(
          new TraceEvent.NetworkChange(
              w.now,
              "hold the next "
                  + h.count()
                  + " message(s) "
                  + link
                  + " for "
                  + h.holdTicks()
                  + " ticks"));
    }
  }

  private void drop(Fault.DropMessages d) {
    network.script(w.optionalIndexOf(d.from()), w.optionalIndexOf(d.to()), -1, d.count());
    if (w.traced()) {
      String link = linkText(d.from(), d.to());
      w.emit(
          new TraceEvent.NetworkChange(
              w.now, "drop the next " + d.count() + " message(s) " + link));
    }
  }

  private void stabilize() {
    network.stabilize();
    int disarmed = w.triggers.disarmAll();
    if (disarmed > 0 && w.traced()) {
      w.emit(
          new TraceEvent.NetworkChange(
              w.now, "stabilize: " + disarmed + " armed state-aware fault(s) will not fire"));
    }
    for (int i = 0; i < w.size(); i++) {
      clocks.reset(i);
      if (!w.up[i]) {
        nodes.restart(i, false);
      }
    }
  }

  /**
   * A reboot-after fired in the handler that just returned: crash the node (its sends are already
   * in flight) and restart it, disk kept, downTicks later if it is still down then.
   */
  private void rebootNow(int i, Fault.RebootAfterAnnotation r, String reason) {
    long restartAt = w.now + r.downTicks();
    if (w.traced()) {
      w.emit(
          new TraceEvent.NetworkChange(
              w.now, "reboot-after " + reason + ": crash now, restart at tick " + restartAt));
    }
    nodes.crash(i);
    w.schedule(restartAt, Event.FAULT, -1, -1, new Fault.Restart(w.ids[i], false), -1, 0);
  }

  /**
   * An isolate-after fired in the handler that just returned: cut every link of the node (what it
   * sent is dropped at delivery) and unblock its links isolateTicks later.
   */
  private void isolateNow(int i, Fault.IsolateAfterAnnotation r, String reason) {
    long healAt = w.now + r.isolateTicks();
    if (w.traced()) {
      w.emit(
          new TraceEvent.NetworkChange(
              w.now, "isolate-after " + reason + ": cut off now, heal at tick " + healAt));
    }
    links.isolateAfter(i);
    w.schedule(healAt, Event.FAULT, i, ISOLATE_AFTER_ENDS, null, -1, 0);
  }

  /**
   * A block-after fired in the handler that just returned: cut the one link from the node to the
   * fault's target (what it sent there is dropped at delivery) and unblock it blockTicks later.
   */
  private void blockNow(int i, Fault.BlockAfterAnnotation b, String reason) {
    long unblockAt = w.now + b.blockTicks();
    if (w.traced()) {
      w.emit(
          new TraceEvent.NetworkChange(
              w.now, "block-after " + reason + ": cut now, unblock at tick " + unblockAt));
    }
    links.block(i, w.indexOf(b.to()), true);
    links.emitPartition("block-after " + w.ids[i] + "->" + b.to());
    w.schedule(unblockAt, Event.FAULT, -1, -1, new Fault.UnblockLink(w.ids[i], b.to()), -1, 0);
  }

  /**
   * The up node whose latest {@code role} annotation starts with {@code role} as a word ("leader"
   * matches "leader (won election in term 3)"), first in NodeId order; -1 if none. Resolved when
   * the fault applies, so a schedule can aim at whoever leads at that moment.
   */
  private int nodeWithRole(String role) {
    int best = -1;
    for (int i = 0; i < w.size(); i++) {
      String value = w.up[i] ? w.annotations.get(i).get(Annotations.ROLE) : null;
      if (AnnotationTriggers.startsWithWord(value, role)
          && (best < 0 || w.ids[i].compareTo(w.ids[best]) < 0)) {
        best = i;
      }
    }
    return best;
  }

  private void noTarget(String type, String role) {
    if (w.traced()) {
      w.emit(
          new TraceEvent.NetworkChange(
              w.now, type + " " + role + ": no up node has that role (no-op)"));
    }
  }

  private static String linkText(NodeId from, NodeId to) {
    return (from == null ? "*" : from.name()) + "->" + (to == null ? "*" : to.name());
  }
}
