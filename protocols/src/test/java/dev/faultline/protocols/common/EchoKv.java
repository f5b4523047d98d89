package dev.faultline.protocols.common;

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
 * A minimal leader-based protocol's client side, as a new protocol would write it, plus effects
 * that record what the client did (in order) under a clock the test sets.
 */
final class EchoKv {
  private EchoKv() {}

  static final List<NodeId> SERVERS = List.of(NodeId.of("s1"), NodeId.of("s2"), NodeId.of("s3"));
  static final long RETRY_TICKS = 100;

  sealed interface Msg extends Message {}

  record Request(KvRequest request) implements Msg {}

  record Reply(long seq, boolean ok, String output, NodeId leaderHint) implements Msg {}

  record Gossip() implements Msg {}

  sealed interface Tmr extends Timer {}

  record Retry(long seq) implements Tmr {}

  record NextOp() implements Tmr {}

  /** The whole adapter of a leader-based protocol: wrap, read, two timers. */
  static class Adapter extends LeaderClientAdapter<Msg, Tmr> {
    Adapter() {
      super(SERVERS, RETRY_TICKS);
    }

    @Override
    protected Msg wrap(KvRequest request) {
      return new Request(request);
    }

    @Override
    public KvResponse read(Msg message) {
      return message instanceof Reply r
          ? KvResponse.of(r.seq(), r.ok(), r.output(), r.leaderHint())
          : null;
    }

    @Override
    public Tmr retryTimer(long seq) {
      return new Retry(seq);
    }

    @Override
    public Tmr nextOpTimer() {
      return new NextOp();
    }
  }

  /** One thing a handler did, in order. */
  sealed interface Effect {}

  record Sent(NodeId to, Msg message) implements Effect {}

  record Armed(Tmr timer, long ticks) implements Effect {}

  record Cancelled(Tmr timer) implements Effect {}

  record Recorded(HistoryEvent event) implements Effect {}

  static final class Out implements Effects<Msg, Tmr> {
    final List<Effect> effects = new ArrayList<>();
    ClockReading clock = new ClockReading(0, 0);

    /** Everything recorded so far, then forgets it. */
    List<Effect> take() {
      List<Effect> taken = List.copyOf(effects);
      effects.clear();
      return taken;
    }

    @Override
    public NodeId self() {
      return NodeId.of("c1");
    }

    @Override
    public void send(NodeId to, Msg message) {
      effects.add(new Sent(to, message));
    }

    @Override
    public void setTimer(Tmr timer, long ticksMin, long ticksMax) {
      if (ticksMin != ticksMax) {
        throw new AssertionError("the client arms exact timers, got a range for " + timer);
      }
      effects.add(new Armed(timer, ticksMin));
    }

    @Override
    public void cancelTimer(Tmr timer) {
      effects.add(new Cancelled(timer));
    }

    @Override
    public void persist(Durable durable) {
      throw new AssertionError("a client persists nothing");
    }

    @Override
    public ClockReading clock() {
      return clock;
    }

    @Override
    public void record(HistoryEvent event) {
      effects.add(new Recorded(event));
    }

    @Override
    public void annotate(String key, String value) {}
  }
}
