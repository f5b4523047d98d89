package dev.faultline.sim.world;

import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.rand.Rng;
import dev.faultline.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The send and delivery of every message: the scripted drops and holds still pending, the random
 * behaviour in force ({@link NetworkConfig}, drawn from the "network" stream), and the cut links
 * ({@link Links}) at both ends of the trip.
 *
 * <p>A self-send skips the network and arrives at the same tick, after the current handler.
 * Otherwise: a blocked link drops it at send ("partition"); a pending scripted drop/hold on the
 * link applies and overrides random faults; then random drop, hold (stale delivery, announced with
 * its tick) or reorder delay, and duplication (a copy with its own id and latency). At delivery it
 * is dropped if the receiver is down or the link is cut then.
 */
final class Network {
  private final WorldState w;
  private final Rng rng;
  private final Links links;
  private final List<ScriptedLinkFault> scripted = new ArrayList<>();
  private NetworkConfig config;
  private long nextMsgId;

  Network(WorldState w, Links links) {
    this.w = w;
    this.links = links;
    this.config = w.config.network();
    this.rng = Rng.derived(w.config.seed(), "network");
  }

  // ---------------------------------------------------------------- messages

  void send(int from, NodeId toId, Message m) {
    int to = w.destination(toId);
    if (to < 0) {
      throw new IllegalArgumentException(
          w.ids[from] + " sent " + m.getClass().getSimpleName() + " to unknown node " + toId);
    }
    long msgId = nextMsgId++;
    if (w.traced()) {
      w.emit(new TraceEvent.Send(w.now, msgId, w.ids[from], w.ids[to], m));
    }
    if (from == to) {
      // A self-send never touches the network (no latency, loss, partition or scripted fault):
      // it is delivered at the same tick, after the current handler, unless the node crashes.
      w.schedule(w.now, Event.DELIVER, to, from, m, msgId, 0);
      return;
    }
    if (links.cut(from, to)) {
      // Checked at send and again at delivery: a message cannot cross a link that is cut when it
      // leaves, and one in flight when the cut happens is lost too.
      drop(msgId, from, to, "partition");
      return;
    }
    NetworkConfig net = config;
    if (!scripted.isEmpty()) {
      ScriptedLinkFault s = matchScripted(from, to);
      if (s != null) {
        sendScripted(s, net, from, to, m, msgId);
        return;
      }
    }
    sendRandom(net, from, to, m, msgId);
  }

  private void sendScripted(
      ScriptedLinkFault s, NetworkConfig net, int from, int to, Message m, long msgId) {
    if (s.holdTicks < 0) {
      drop(msgId, from, to, "fault");
      return;
    }
    // A scripted hold overrides the random faults (it is neither lost nor copied): it arrives
    // holdTicks later than its normal latency, and is dropped only if the link is cut then.
    long at = w.now + latency(net) + s.holdTicks;
    if (w.traced()) {
      w.emit(new TraceEvent.Hold(w.now, msgId, w.ids[from], w.ids[to], at));
    }
    w.schedule(at, Event.DELIVER, to, from, m, msgId, 0);
  }

  private void sendRandom(NetworkConfig net, int from, int to, Message m, long msgId) {
    if (net.dropRate() > 0 && rng.chance(net.dropRate())) {
      drop(msgId, from, to, "random");
      return;
    }
    long at = w.now + latency(net);
    if (net.holdRate() > 0 && rng.chance(net.holdRate())) {
      at += rng.nextLong(net.holdTicksMin(), net.holdTicksMax());
      if (w.traced()) {
        w.emit(new TraceEvent.Hold(w.now, msgId, w.ids[from], w.ids[to], at));
      }
    } else if (net.reorderRate() > 0 && rng.chance(net.reorderRate())) {
      at += rng.nextLong(0, net.reorderTicksMax());
    }
    w.schedule(at, Event.DELIVER, to, from, m, msgId, 0);
    if (net.duplicateRate() > 0 && rng.chance(net.duplicateRate())) {
      // The copy travels independently: its own latency plus up to reorderTicksMax, so it may
      // arrive before or after the original.
      long copyId = nextMsgId++;
      long copyAt = w.now + latency(net) + rng.nextLong(0, net.reorderTicksMax());
      if (w.traced()) {
        w.emit(new TraceEvent.Duplicate(w.now, msgId, copyId, w.ids[from], w.ids[to]));
      }
      w.schedule(copyAt, Event.DELIVER, to, from, m, copyId, 0);
    }
  }

  /**
   * Whether a message event reaches its receiver now: not if the receiver is down or the link is
   * cut (traced as a drop). Traces the delivery when it does.
   */
  boolean arrives(Event e) {
    int to = e.node;
    if (!w.up[to]) {
      drop(e.msgId, e.from, to, "down");
      return false;
    }
    if (links.cut(e.from, to)) {
      drop(e.msgId, e.from, to, "partition");
      return false;
    }
    if (w.traced()) {
      w.emit(new TraceEvent.Deliver(w.now, e.msgId, w.ids[e.from], w.ids[to], (Message) e.payload));
    }
    return true;
  }

  private void drop(long msgId, int from, int to, String reason) {
    if (w.traced()) {
      w.emit(new TraceEvent.Drop(w.now, msgId, w.ids[from], w.ids[to], reason));
    }
  }

  private long latency(NetworkConfig net) {
    Latency l = net.latency();
    // The common cases first, without a pattern switch's type-dispatch call on the hot path.
    if (l instanceof Latency.Uniform u) {
      return rng.nextLong(u.minTicks(), u.maxTicks());
    }
    if (l instanceof Latency.Fixed f) {
      return f.ticks();
    }
    return switch (l) {
      case Latency.Fixed f -> f.ticks();
      case Latency.Uniform u -> rng.nextLong(u.minTicks(), u.maxTicks());
      case Latency.LongTail t -> {
        // StrictMath, not Math: Math.log1p may be an intrinsic whose last bit differs between
        // JVMs and CPUs, which would change a seed's schedule.
        double mean = Math.max(1e-9, t.meanTicks() - t.minTicks());
        double u = rng.nextDouble();
        long draw = t.minTicks() + (long) StrictMath.floor(-mean * StrictMath.log1p(-u));
        yield Math.min(draw, t.maxTicks());
      }
    };
  }

  // ---------------------------------------------------------------- scripted drops and holds

  /** The next {@code count} messages on the link (-1: any node) are held, or dropped if < 0. */
  void script(int from, int to, long holdTicks, int count) {
    scripted.add(new ScriptedLinkFault(from, to, holdTicks, count));
  }

  private ScriptedLinkFault matchScripted(int from, int to) {
    for (int k = 0; k < scripted.size(); k++) {
      ScriptedLinkFault s = scripted.get(k);
      if ((s.from < 0 || s.from == from) && (s.to < 0 || s.to == to)) {
        if (--s.remaining <= 0) {
          scripted.remove(k);
        }
        return s;
      }
    }
    return null;
  }

  private static final class ScriptedLinkFault {
    final int from;
    final int to;
    final long holdTicks; // < 0: drop
    int remaining;

    ScriptedLinkFault(int from, int to, long holdTicks, int remaining) {
      this.from = from;
      this.to = to;
      this.holdTicks = holdTicks;
      this.remaining = remaining;
    }
  }

  // ---------------------------------------------------------------- random behaviour

  /** No random loss, duplication, reorder or hold now, and no scripted drop or hold pending. */
  boolean calm() {
    return scripted.isEmpty()
        && config.dropRate() == 0
        && config.duplicateRate() == 0
        && config.reorderRate() == 0
        && config.holdRate() == 0;
  }

  void configure(NetworkConfig network) {
    this.config = network;
  }

  /** The end of the fault period: every link back, no scripted or random faults. */
  void stabilize() {
    links.stabilize();
    scripted.clear();
    config = NetworkConfig.quiet(w.config.network().latency());
    w.emit(new TraceEvent.NetworkChange(w.now, "stabilize: no random faults"));
  }
}
