package dev.faultline.sim.world;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only protocol: every {@code periodTicks} (local clock) a node pings each peer; peers answer
 * with a pong. Each pong received is counted and persisted (when {@code persist}), so crash/restart
 * tests can tell what survived. Nodes log what they saw for assertions.
 */
public final class Ping implements Protocol<Ping.State, Ping.Msg, Ping.Tick> {

  public sealed interface Msg extends Message {}

  public record PingMsg(int seq) implements Msg {}

  public record PongMsg(int seq) implements Msg {}

  public sealed interface Tick extends Timer {}

  public record Beat() implements Tick {}

  public record Pongs(int count) implements Durable {}

  /** What a node saw, in order: "ping s2 #3@14", "pong s2 #3@16", "beat@20", "clock[a,b]@20". */
  public static final class State implements NodeState<State> {
    public int seq;
    public int pongs;
    public int boots;
    public final List<String> log = new ArrayList<>();
    public final List<ClockReading> clockReadings = new ArrayList<>(); // one per beat

    @Override
    public State copy() {
      State s = new State();
      s.seq = seq;
      s.pongs = pongs;
      s.boots = boots;
      s.log.addAll(log);
      s.clockReadings.addAll(clockReadings);
      return s;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, seq);
      Fingerprints.put(sink, pongs);
      Fingerprints.put(sink, List.copyOf(log));
    }
  }

  final List<NodeId> peers;
  final long periodTicks;
  final boolean persist;
  final boolean selfPing;

  public Ping(List<NodeId> peers, long periodTicks, boolean persist, boolean selfPing) {
    this.peers = peers;
    this.periodTicks = periodTicks;
    this.persist = persist;
    this.selfPing = selfPing;
  }

  @Override
  public State init(NodeId self, Durable durable, Effects<Msg, Tick> out) {
    State s = new State();
    if (durable instanceof Pongs p) {
      s.pongs = p.count();
    }
    if (periodTicks > 0) {
      out.setTimer(new Beat(), periodTicks);
    }
    return s;
  }

  @Override
  public void onMessage(State s, NodeId from, Msg m, Effects<Msg, Tick> out) {
    switch (m) {
      case PingMsg p -> {
        s.log.add("ping " + from + " #" + p.seq());
        out.send(from, new PongMsg(p.seq()));
      }
      case PongMsg p -> {
        s.log.add("pong " + from + " #" + p.seq());
        s.pongs++;
        if (persist) {
          out.persist(new Pongs(s.pongs));
        }
        out.annotate("pongs", Integer.toString(s.pongs));
      }
    }
  }

  @Override
  public void onTimer(State s, Tick t, Effects<Msg, Tick> out) {
    switch (t) {
      case Beat b -> {
        s.seq++;
        ClockReading c = out.clock();
        s.clockReadings.add(c);
        s.log.add("beat");
        for (NodeId peer : peers) {
          if (selfPing || !peer.equals(out.self())) {
            out.send(peer, new PingMsg(s.seq));
          }
        }
        out.setTimer(new Beat(), periodTicks);
      }
    }
  }
}
