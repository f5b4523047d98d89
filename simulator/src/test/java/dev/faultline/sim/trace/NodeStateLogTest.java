package dev.faultline.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node-state log: a line per step that changed a node, and a window for long traces. */
class NodeStateLogTest {
  private record Counter(long n) implements NodeState<Counter> {
    @Override
    public Counter copy() {
      return this;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      sink.putLong(n);
    }

    @Override
    public StateDescription describe() {
      return StateDescription.of().put("n", n);
    }
  }

  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");

  /** Steps of two events each: node a counts up every step, b changes only at steps 0 and 5. */
  private static List<String> run(NodeStateLog log, int steps) throws Exception {
    for (int k = 0; k < steps; k++) {
      log.accept(new TraceEvent.Persist(k, A));
      log.accept(new TraceEvent.Persist(k, A));
      log.node(A, new Counter(k));
      log.node(B, k == 5 ? null : new Counter(k < 5 ? 0 : 1));
      log.endStep();
    }
    StringWriter out = new StringWriter();
    log.write(out);
    return out.toString().lines().toList();
  }

  @Test
  void aShortTraceKeepsEveryStepThatChangedANode() throws Exception {
    List<String> lines = run(new NodeStateLog(), 7);
    assertEquals(7, lines.size());
    assertEquals("{\"i\":0,\"n\":2,\"changed\":{\"a\":{\"n\":0},\"b\":{\"n\":0}}}", lines.get(0));
    assertEquals("{\"i\":2,\"n\":2,\"changed\":{\"a\":{\"n\":1}}}", lines.get(1));
    assertEquals("{\"i\":10,\"n\":2,\"changed\":{\"a\":{\"n\":5},\"b\":null}}", lines.get(5));
    assertEquals("{\"i\":12,\"n\":2,\"changed\":{\"a\":{\"n\":6},\"b\":{\"n\":1}}}", lines.get(6));
  }

  @Test
  void aLongTraceKeepsABaselineAndTheStepsOfItsLastWindow() throws Exception {
    // 100 steps = 200 events, beyond the 50-event limit: the last 20 events are 10 steps.
    List<String> lines = run(new NodeStateLog(50, 20), 100);
    assertEquals(11, lines.size(), String.join("\n", lines));
    assertEquals(
        "{\"i\":180,\"n\":0,\"baseline\":true,\"changed\":{\"a\":{\"n\":89},\"b\":{\"n\":1}}}",
        lines.get(0));
    assertTrue(lines.get(1).startsWith("{\"i\":180,\"n\":2,"), lines.get(1));
    assertTrue(lines.get(10).startsWith("{\"i\":198,\"n\":2,"), lines.get(10));
  }
}
