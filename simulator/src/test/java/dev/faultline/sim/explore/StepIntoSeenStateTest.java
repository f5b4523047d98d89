package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.api.Timer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A step property broken only on steps into states the search has already seen: two nodes each flip
 * a bit on a timer, and "no bit is ever cleared" breaks only when a bit goes back from 1 to 0,
 * which leads back to a state reached before (all four bit pairs are new within two steps, every
 * one of them legally). Every engine must report it; a state-only invariant with the same check
 * must not (those are checked once per distinct state, which keeps the common case cheap).
 */
class StepIntoSeenStateTest {
  record Flip() implements Timer {}

  static final class Bit implements NodeState<Bit> {
    boolean on;

    @Override
    public Bit copy() {
      Bit b = new Bit();
      b.on = on;
      return b;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      sink.putBoolean(on);
    }
  }

  /** Flips its bit whenever its timer fires, and re-arms the timer (so states recur). */
  record Flipper() implements Protocol<Bit, Message, Flip> {
    @Override
    public Bit init(NodeId self, Durable durable, Effects<Message, Flip> out) {
      out.setTimer(new Flip(), 1);
      return new Bit();
    }

    @Override
    public void onMessage(Bit s, NodeId from, Message m, Effects<Message, Flip> out) {}

    @Override
    public void onTimer(Bit s, Flip t, Effects<Message, Flip> out) {
      s.on = !s.on;
      out.setTimer(new Flip(), 1);
    }
  }

  /** "No bit is ever cleared": remembers the bits it was shown last. */
  static final class NeverCleared implements Invariant {
    private final boolean judgesTransitions;
    private final TreeMap<NodeId, Boolean> seen = new TreeMap<>();

    NeverCleared(boolean judgesTransitions) {
      this.judgesTransitions = judgesTransitions;
    }

    @Override
    public String name() {
      return "NeverCleared";
    }

    @Override
    public boolean judgesTransitions() {
      return judgesTransitions;
    }

    @Override
    public String check(SystemView view) {
      for (NodeId id : view.nodes()) {
        Bit b = view.stateAs(id, Bit.class);
        boolean on = b != null && b.on;
        Boolean before = seen.put(id, on);
        if (Boolean.TRUE.equals(before) && !on) {
          return id + " cleared its bit";
        }
      }
      return null;
    }
  }

  private static Explorer explorer(boolean judgesTransitions, ExploreOptions options) {
    return explorer(2, judgesTransitions, options);
  }

  private static Explorer explorer(int n, boolean judgesTransitions, ExploreOptions options) {
    List<NodeId> all = List.of(NodeId.of("s1"), NodeId.of("s2")).subList(0, n);
    Map<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (NodeId id : all) {
      nodes.put(id, new Flipper());
    }
    Cluster cluster = new Cluster(new TreeMap<>(nodes), all, List.of(), List.of());
    return new Explorer(
        cluster, () -> List.of(new NeverCleared(judgesTransitions)), List.of(), options);
  }

  private static ExploreResult bfs(int threads, boolean tinyGrain) {
    Explorer e = explorer(true, ExploreOptions.defaults()).withThreads(threads);
    if (tinyGrain) {
      e.withParallelGrain(1, 1);
    }
    return e.explore();
  }

  @Test
  void bfsReportsAShortestViolationOnAStepIntoASeenState() {
    ExploreResult r = bfs(1, false);
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("NeverCleared", r.property());
    assertEquals(2, r.path().size(), r.summary()); // flip on, flip off: back to the start state
    assertEquals(r.path().get(0), r.path().get(1), "the same node's timer fires twice");
    // The start and both one-flip states; expanding the first of those steps back to the start.
    assertEquals(3, r.uniqueStates(), r.summary());
  }

  @Test
  void parallelBfsReportsTheSameStepAsTheSerialSearch() {
    ExploreResult expected = bfs(1, false);
    assertEquals(EndCondition.VIOLATION, expected.end(), expected.summary());
    for (int threads : new int[] {2, 4}) {
      for (boolean tiny : new boolean[] {false, true}) {
        ExplorerParallelTest.assertSameResult(
            expected, bfs(threads, tiny), threads + " threads, tiny grain " + tiny);
      }
    }
  }

  // DFS and random walks run on one node: clearing the bit always returns to the start, whatever
  // the order (with two, a depth-first or random path can clear a bit into a new state, 11 to 01).
  @Test
  void dfsReportsIt() {
    assertOneNodeViolation(ExploreOptions.Strategy.DFS);
  }

  @Test
  void randomWalksReportIt() {
    assertOneNodeViolation(ExploreOptions.Strategy.RANDOM);
  }

  private static void assertOneNodeViolation(ExploreOptions.Strategy s) {
    ExploreResult r =
        explorer(1, true, ExploreOptions.defaults().withStrategy(s).withSeed(7)).explore();
    assertEquals(EndCondition.VIOLATION, r.end(), s + ": " + r.summary());
    assertEquals("NeverCleared", r.property(), s.toString());
    assertEquals(2, r.path().size(), s + ": flip on, flip off");
  }

  @Test
  void aStateOnlyInvariantIsNotCheckedOnStepsIntoSeenStates() {
    ExploreResult r = explorer(false, ExploreOptions.defaults()).explore();
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end(), r.summary());
    assertEquals(4, r.uniqueStates());
  }

  @Test
  void aPrefixStepIsCheckedAgainstTheStateBeforeIt() {
    ExploreResult found = bfs(1, false);
    ExploreResult r = explorer(true, ExploreOptions.defaults()).explore(found.path());
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals(found.path(), r.path());
  }
}
