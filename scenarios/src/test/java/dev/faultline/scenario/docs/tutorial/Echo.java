package dev.faultline.scenario.docs.tutorial;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The first protocol of the tutorial (docs/tutorial.md): every node pings its peers on a timer and
 * counts the pongs it gets back, keeping the count on disk. The doc quotes the regions between the
 * tag comments; {@code TutorialSnippetsTest} checks that the quotes match.
 */
// tag::echo[]
final class Echo implements Protocol<Echo.State, Echo.Msg, Echo.Tick> {
  sealed interface Msg extends Message {}

  record Ping(int seq) implements Msg {}

  record Pong(int seq) implements Msg {}

  sealed interface Tick extends Timer {}

  record Beat() implements Tick {}

  record Saved(int pongs) implements Durable {}

  static final class State implements NodeState<State> {
    int seq;
    int pongs;

    @Override
    public State copy() {
      State s = new State();
      s.seq = seq;
      s.pongs = pongs;
      return s;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      sink.putInt(seq).putInt(pongs);
    }
  }

  private final List<NodeId> peers;

  Echo(List<NodeId> peers) {
    this.peers = List.copyOf(peers);
  }

  @Override
  public State init(NodeId self, Durable durable, Effects<Msg, Tick> out) {
    State s = new State();
    if (durable instanceof Saved saved) { // null on the first boot
      s.pongs = saved.pongs();
    }
    out.setTimer(new Beat(), 10, 20);
    return s;
  }

  @Override
  public void onMessage(State s, NodeId from, Msg m, Effects<Msg, Tick> out) {
    switch (m) {
      case Ping p -> out.send(from, new Pong(p.seq()));
      case Pong p -> out.persist(new Saved(++s.pongs));
    }
  }

  @Override
  public void onTimer(State s, Tick t, Effects<Msg, Tick> out) {
    switch (t) {
      case Beat b -> {
        s.seq++;
        for (NodeId peer : peers) {
          if (!peer.equals(out.self())) {
            out.send(peer, new Ping(s.seq));
          }
        }
        out.setTimer(new Beat(), 10, 20);
      }
    }
  }

  /** A cluster of n Echo nodes s1..sn: all servers, no clients, no invariants yet. */
  static Cluster cluster(int n) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(NodeId.of("s" + i));
    }
    SortedMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (NodeId id : ids) {
      nodes.put(id, new Echo(ids));
    }
    return new Cluster(nodes, ids, List.of(), List.of());
  }
}
// end::echo[]
