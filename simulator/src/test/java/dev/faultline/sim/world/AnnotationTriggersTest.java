package dev.faultline.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import org.junit.jupiter.api.Test;

/**
 * A state-aware fault armed on {@code "key=word"} waits for that key set to a value that starts
 * with that word: {@code "role=leader"} fires when a node becomes leader, not on its other role
 * changes.
 */
class AnnotationTriggersTest {
  @Test
  void aKeyWithAWordWaitsForAValueStartingWithThatWord() {
    assertTrue(AnnotationTriggers.awaits("role=leader", "role", "leader (won election in term 3)"));
    assertTrue(AnnotationTriggers.awaits("role=leader", "role", "leader"));
    assertFalse(AnnotationTriggers.awaits("role=leader", "role", "follower (term 3)"));
    assertFalse(AnnotationTriggers.awaits("role=leader", "role", "leaderless"), "a whole word");
    assertFalse(AnnotationTriggers.awaits("role=leader", "roles", "leader"), "the same key");
    assertFalse(AnnotationTriggers.awaits("role=leader", "term", "leader"));
    assertTrue(AnnotationTriggers.awaits("vote", "vote", "s2 in term 4"), "a plain key as before");
    assertFalse(AnnotationTriggers.awaits("vote", "role", "vote"));
  }

  @Test
  void onlyTheMatchingRoleChangeFiresIt() {
    AnnotationTriggers t = new AnnotationTriggers();
    t.arm(new Fault.IsolateAfterAnnotation("role=leader", 50));
    NodeId s1 = NodeId.of("s1");
    NodeId s2 = NodeId.of("s2");
    t.onAnnotate(0, s1, "role", "follower (boot)", "candidate (term 2)");
    assertEquals(0, t.takeFired().size(), "a candidate is not a leader");
    t.onAnnotate(1, s2, "role", "candidate (term 2)", "leader (won election in term 2)");
    var fired = t.takeFired();
    assertEquals(1, fired.size());
    assertEquals(1, fired.get(0).node());
    t.onAnnotate(0, s1, "role", "candidate (term 3)", "leader (won election in term 3)");
    assertEquals(0, t.takeFired().size(), "one-shot");
  }
}
