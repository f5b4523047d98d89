package dev.faultline.scenario.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The node-state check fails a state that keeps the default, or describes itself unstably. */
class NodeStateDescriptionsTest {
  /** A state that does not override describe(): what a new protocol starts with. */
  static final class Silent implements NodeState<Silent> {
    @Override
    public Silent copy() {
      return new Silent();
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {}
  }

  /** A state whose copy describes itself differently (a field left out of copy()). */
  static final class Forgetful implements NodeState<Forgetful> {
    long term = 3;

    @Override
    public Forgetful copy() {
      Forgetful c = new Forgetful();
      c.term = 0;
      return c;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      sink.putLong(term);
    }

    @Override
    public StateDescription describe() {
      return StateDescription.of().put("term", term);
    }
  }

  @Test
  void aStateWithoutADescriptionFailsNamingTheMethodToOverride() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () -> NodeStateDescriptions.checkOne("grove s1", new Silent()));
    assertTrue(e.getMessage().contains("grove s1 does not describe its state"), e.getMessage());
    assertTrue(e.getMessage().contains("NodeState.describe()"), e.getMessage());
  }

  @Test
  void aCopyThatDescribesItselfDifferentlyFails() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () -> NodeStateDescriptions.checkOne("toy s1", new Forgetful()));
    assertTrue(e.getMessage().contains("a copy describes itself differently"), e.getMessage());
  }
}
