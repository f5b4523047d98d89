package dev.faultline.bench.kernel;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Benchmark load: every node keeps up to {@code window} pings outstanding to each peer; a pong
 * frees a slot and the next ping goes out at once, and a heartbeat timer tops the window up again
 * after losses. So the kernel always has about {@code nodes * (nodes-1) * window} messages in
 * flight, and the handlers do next to nothing: what is measured is the kernel.
 */
final class PingTraffic implements Protocol<PingTraffic.State, PingTraffic.Msg, PingTraffic.Beat> {

  sealed interface Msg extends Message {}

  record Ping(long seq) implements Msg {}

  record Pong(long seq) implements Msg {}

  record Beat() implements Timer {}

  static final Beat BEAT = new Beat();

  static final class State implements NodeState<State> {
    final int[] outstanding;
    long seq;
    long pongs;

    State(int peers) {
      outstanding = new int[peers];
    }

    @Override
    public State copy() {
      State s = new State(outstanding.length);
      System.arraycopy(outstanding, 0, s.outstanding, 0, outstanding.length);
      s.seq = seq;
      s.pongs = pongs;
      return s;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      for (int o : outstanding) {
        sink.putInt(o);
      }
      sink.putLong(seq).putLong(pongs);
    }
  }

  private final NodeId[] nodes;
  private final int window;
  private final long beatTicks;

  PingTraffic(List<NodeId> nodes, int window, long beatTicks) {
    this.nodes = nodes.toArray(new NodeId[0]);
    this.window = window;
    this.beatTicks = beatTicks;
  }

  static Cluster cluster(int n, int window, long beatTicks) {
    List<NodeId> ids = IntStream.rangeClosed(1, n).mapToObj(i -> NodeId.of("s" + i)).toList();
    PingTraffic p = new PingTraffic(ids, window, beatTicks);
    TreeMap<NodeId, Protocol<?, ?, ?>> map = new TreeMap<>();
    ids.forEach(id -> map.put(id, p));
    return new Cluster(map, ids, List.of(), List.of());
  }

  @Override
  public State init(NodeId self, Durable durable, Effects<Msg, Beat> out) {
    State s = new State(nodes.length);
    topUp(s, out);
    out.setTimer(BEAT, beatTicks);
    return s;
  }

  @Override
  public void onMessage(State s, NodeId from, Msg m, Effects<Msg, Beat> out) {
    switch (m) {
      case Ping p -> out.send(from, new Pong(p.seq()));
      case Pong p -> {
        s.pongs++;
        int k = indexOf(from);
        if (s.outstanding[k] > 0) {
          s.outstanding[k]--;
        }
        if (s.outstanding[k] < window) {
          s.outstanding[k]++;
          out.send(from, new Ping(++s.seq));
        }
      }
    }
  }

  @Override
  public void onTimer(State s, Beat t, Effects<Msg, Beat> out) {
    // Losses leave slots taken forever; forget them and refill, like a retransmit timer.
    java.util.Arrays.fill(s.outstanding, 0);
    topUp(s, out);
    out.setTimer(BEAT, beatTicks);
  }

  private void topUp(State s, Effects<Msg, Beat> out) {
    NodeId self = out.self();
    for (int k = 0; k < nodes.length; k++) {
      if (nodes[k].equals(self)) {
        continue;
      }
      while (s.outstanding[k] < window) {
        s.outstanding[k]++;
        out.send(nodes[k], new Ping(++s.seq));
      }
    }
  }

  private int indexOf(NodeId id) {
    for (int k = 0; k < nodes.length; k++) {
      if (nodes[k] == id || nodes[k].equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown peer " + id);
  }
}
