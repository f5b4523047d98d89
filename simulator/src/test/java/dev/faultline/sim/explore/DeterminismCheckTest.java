package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Cluster;
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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** --check-determinism names the first handler or copy() that is not a pure function. */
class DeterminismCheckTest {
  enum Flaw {
    NONE,
    SHALLOW_COPY, // copy() shares the list: the handler mutates the original state
    FORGETFUL_COPY, // copy() drops a field that fingerprint() writes
    HIDDEN_COUNTER // the reply depends on a static counter, not on the state
  }

  record Ping() implements Message {}

  record Pong(int n) implements Message {}

  record Never() implements Timer {}

  static final class State implements NodeState<State> {
    final Flaw flaw;
    List<String> seen = new ArrayList<>();
    int pongs;

    State(Flaw flaw) {
      this.flaw = flaw;
    }

    @Override
    public State copy() {
      State s = new State(flaw);
      s.seen = flaw == Flaw.SHALLOW_COPY ? seen : new ArrayList<>(seen);
      s.pongs = flaw == Flaw.FORGETFUL_COPY ? 0 : pongs;
      return s;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, seen);
      sink.putInt(pongs);
    }
  }

  static final class Node implements Protocol<State, Message, Timer> {
    static int counter; // the planted hidden state of HIDDEN_COUNTER
    final Flaw flaw;

    Node(Flaw flaw) {
      this.flaw = flaw;
    }

    @Override
    public State init(NodeId self, Durable durable, Effects<Message, Timer> out) {
      if (self.name().equals("s1")) {
        out.send(NodeId.of("s2"), new Ping());
        out.send(NodeId.of("s2"), new Ping());
      }
      return new State(flaw);
    }

    @Override
    public void onMessage(State s, NodeId from, Message m, Effects<Message, Timer> out) {
      switch (m) {
        case Ping p -> {
          s.seen.add("ping");
          out.send(from, new Pong(flaw == Flaw.HIDDEN_COUNTER ? counter++ : s.seen.size()));
        }
        case Pong p -> s.pongs++;
        default -> throw new IllegalArgumentException(m.toString());
      }
    }

    @Override
    public void onTimer(State s, Timer t, Effects<Message, Timer> out) {}
  }

  private static ExploreResult run(Flaw flaw, boolean check) {
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    nodes.put(NodeId.of("s1"), new Node(flaw));
    nodes.put(NodeId.of("s2"), new Node(flaw));
    Cluster cluster =
        new Cluster(nodes, List.of(NodeId.of("s1"), NodeId.of("s2")), List.of(), List.of());
    return new Explorer(
            cluster,
            cluster::invariants,
            List.of(),
            ExploreOptions.defaults().withCheckDeterminism(check))
        .explore();
  }

  @Test
  void aPureProtocolPasses() {
    ExploreResult r = run(Flaw.NONE, true);
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end(), r.summary());
  }

  @Test
  void shallowCopyIsCaught() {
    ExploreResult r = run(Flaw.SHALLOW_COPY, true);
    assertEquals(EndCondition.NONDETERMINISM, r.end(), r.summary());
    assertTrue(r.message().startsWith("s2 onMessage(Ping from s1)"), r.message());
    assertTrue(r.message().contains("copy() shares a mutable field"), r.message());
  }

  @Test
  void forgetfulCopyIsCaught() {
    ExploreResult r = run(Flaw.FORGETFUL_COPY, true);
    assertEquals(EndCondition.NONDETERMINISM, r.end(), r.summary());
    assertTrue(r.message().startsWith("s1: copy() of State"), r.message());
  }

  @Test
  void hiddenStateIsCaught() {
    ExploreResult r = run(Flaw.HIDDEN_COUNTER, true);
    assertEquals(EndCondition.NONDETERMINISM, r.end(), r.summary());
    assertTrue(r.message().contains("s2 onMessage(Ping from s1) is nondeterministic"), r.message());
    assertEquals(1, r.path().size(), r.path().toString());
  }

  @Test
  void withoutTheCheckTheFlawsGoUnnoticed() {
    // The check is what finds them: a plain search explores the flawed protocol happily.
    assertEquals(EndCondition.SPACE_EXHAUSTED, run(Flaw.FORGETFUL_COPY, false).end());
  }
}
