package dev.faultline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.SettledLatencyCheck;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.HistoryEvent.Type;
import dev.faultline.sim.api.SettledLatency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settled latency rule: max(invoke, quiet + settle) + op bounds each completion. */
class SettledLatencyCheckTest {
  private static final SettledLatency BOUND = new SettledLatency(200, 100);
  private static final long QUIET = 1_000;

  private static List<HistoryEvent> op(long invokedAt, long completedAt) {
    return List.of(
        new HistoryEvent(0, Type.INVOKE, "get", "k", null, invokedAt),
        new HistoryEvent(0, Type.OK, "get", "k", "v", completedAt));
  }

  @Test
  void operationsBeforeTheClusterSettledMayTakeLonger() {
    assertNull(SettledLatencyCheck.check(BOUND, op(100, 1_300), 1, QUIET));
    assertNull(SettledLatencyCheck.check(BOUND, op(1_100, 1_300), 1, QUIET));
  }

  @Test
  void aSettledOperationBeyondTheBoundFails() {
    assertNull(SettledLatencyCheck.check(BOUND, op(1_500, 1_600), 1, QUIET));
    String found = SettledLatencyCheck.check(BOUND, op(1_500, 1_601), 1, QUIET);
    assertNotNull(found);
    assertTrue(found.contains("101 ticks after its invocation"), found);
    found = SettledLatencyCheck.check(BOUND, op(100, 1_301), 1, QUIET);
    assertTrue(found != null && found.contains("settled (tick 1200)"), found);
  }

  @Test
  void otherProcessesAreNotClients() {
    assertNull(SettledLatencyCheck.check(BOUND, op(1_500, 9_000), 0, QUIET));
  }

  @Test
  void theBoundRejectsNonsense() {
    assertEquals(
        "settleTicks must be >= 0 and opTicks >= 1",
        assertThrows(IllegalArgumentException.class, () -> new SettledLatency(0, 0)).getMessage());
  }
}
