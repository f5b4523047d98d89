package dev.faultline.protocols.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkipWhileUnchangedTest {
  private static final NodeId S1 = NodeId.of("s1");
  private static final NodeId S2 = NodeId.of("s2");
  private static final NodeId C1 = NodeId.of("c1");

  /** A view of three nodes whose change counts the test sets by hand. */
  private static final class CountingView implements SystemView {
    final List<NodeId> nodes = List.of(S1, S2, C1);
    final long[] changedAt = new long[3];
    long count;

    void step(int position) {
      changedAt[position] = ++count;
    }

    @Override
    public long changeCount() {
      return count;
    }

    @Override
    public long changedAt(int position) {
      return changedAt[position];
    }

    @Override
    public long tick() {
      return 0;
    }

    @Override
    public List<NodeId> nodes() {
      return nodes;
    }

    @Override
    public boolean isUp(NodeId node) {
      return true;
    }

    @Override
    public NodeState<?> state(NodeId node) {
      return null;
    }

    @Override
    public Durable durable(NodeId node) {
      return null;
    }

    @Override
    public List<HistoryEvent> history() {
      return List.of();
    }
  }

  /** Counts its checks and answers what the test tells it to. */
  private static final class Rule implements Invariant {
    int checks;
    String verdict;

    @Override
    public String name() {
      return "Rule";
    }

    @Override
    public String check(SystemView view) {
      checks++;
      return verdict;
    }
  }

  @Test
  void skipsWhileNoInputChangedAndChecksAgainWhenOneDoes() {
    CountingView view = new CountingView();
    Rule rule = new Rule();
    Invariant skipping = SkipWhileUnchanged.of(rule, List.of(S1, S2));
    assertNull(skipping.check(view));
    view.step(2); // only the client, which the rule does not read
    assertNull(skipping.check(view));
    assertEquals(1, rule.checks);
    view.step(1);
    rule.verdict = "s2 broke it";
    assertEquals("s2 broke it", skipping.check(view));
    assertEquals(2, rule.checks);
  }

  @Test
  void aBrokenVerdictIsNeverSkipped() {
    CountingView view = new CountingView();
    Rule rule = new Rule();
    rule.verdict = "broken";
    Invariant skipping = SkipWhileUnchanged.of(rule, List.of(S1));
    assertEquals("broken", skipping.check(view));
    assertEquals("broken", skipping.check(view));
    assertEquals(2, rule.checks);
  }

  @Test
  void aViewThatDoesNotCountChangesIsCheckedEveryTime() {
    CountingView view = new CountingView();
    view.count = -1;
    Rule rule = new Rule();
    Invariant skipping = SkipWhileUnchanged.of(rule, List.of(S1));
    skipping.check(view);
    skipping.check(view);
    assertEquals(2, rule.checks);
  }

  @Test
  void aTransitionRuleCannotBeSkipped() {
    Invariant transitions =
        new Invariant() {
          @Override
          public String name() {
            return "Reads";
          }

          @Override
          public String check(SystemView view) {
            return null;
          }

          @Override
          public boolean judgesTransitions() {
            return true;
          }
        };
    assertThrows(
        IllegalArgumentException.class, () -> SkipWhileUnchanged.of(transitions, List.of(S1)));
  }

  @Test
  void aStepRuleCannotBeSkipped() {
    Invariant steps =
        new Invariant() {
          @Override
          public String name() {
            return "Steps";
          }

          @Override
          public String check(SystemView view) {
            return null;
          }

          @Override
          public boolean judgesSteps() {
            return true;
          }
        };
    assertThrows(IllegalArgumentException.class, () -> SkipWhileUnchanged.of(steps, List.of(S1)));
  }
}
