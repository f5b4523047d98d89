package dev.faultline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.CalmLatencyCheck;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.HistoryEvent.Type;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.world.CalmWindow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calm latency rule: in each calm window, max(invoke, from + delay + settle) + op bounds each
 * completion whose deadline falls inside the window and the run.
 */
class CalmLatencyCheckTest {
  private static final SettledLatency BOUND = new SettledLatency(200, 100);
  private static final long DELAY = 10;
  private static final long END = 10_000;
  // Calm from 1,000 to 1,500 (settled at 1,210: deadlines up to 1,499 judged), and from 3,000 on.
  private static final List<CalmWindow> WINDOWS =
      List.of(new CalmWindow(1_000, 1_500), new CalmWindow(3_000, Long.MAX_VALUE));

  private static List<HistoryEvent> op(long invokedAt, long completedAt) {
    List<HistoryEvent> h = new ArrayList<>();
    h.add(new HistoryEvent(0, Type.INVOKE, "get", "k", null, invokedAt));
    if (completedAt >= 0) {
      h.add(new HistoryEvent(0, Type.OK, "get", "k", "v", completedAt));
    }
    return h;
  }

  private static String check(List<HistoryEvent> history) {
    return CalmLatencyCheck.check(BOUND, WINDOWS, DELAY, history, 1, END);
  }

  @Test
  void anOperationPendingWhenTheWindowSettlesMustEndByTheSettlePointPlusTheBound() {
    assertNull(check(op(900, 1_310)));
    String found = check(op(900, 1_311));
    assertTrue(found != null && found.contains("deadline, tick 1310"), found);
    assertTrue(found.contains("no fault from tick 1000 to tick 1500"), found);
    assertTrue(found.contains("from the settle point"), found);
  }

  @Test
  void anOperationInvokedAfterTheSettlePointHasTheBoundFromItsInvocation() {
    assertNull(check(op(1_300, 1_400)));
    String found = check(op(1_300, 1_401));
    assertTrue(found != null && found.contains("from its invocation"), found);
  }

  @Test
  void aDeadlineAtOrAfterTheNextFaultIsNotJudgedByTheWindow() {
    assertNull(check(op(1_400, 2_900))); // deadline 1,500: the fault at 1,500 may delay it
    String found = check(op(1_399, 2_900)); // deadline 1,499: inside the window
    assertTrue(found != null && found.contains("deadline, tick 1499"), found);
  }

  @Test
  void faultsBetweenWindowsExcuseAnything() {
    assertNull(check(op(1_600, 2_950)));
    assertNull(check(op(100, 900)));
  }

  @Test
  void theOpenWindowJudgesUntilTheRunEndsAndAnOperationNeverCompletedFails() {
    String found = check(op(2_000, -1));
    assertTrue(found != null && found.contains("never completed"), found);
    assertTrue(found.contains("no fault from tick 3000 on"), found);
    assertNull(CalmLatencyCheck.check(BOUND, WINDOWS, DELAY, op(2_000, -1), 1, 3_300));
  }

  @Test
  void otherProcessesAreNotClients() {
    assertNull(CalmLatencyCheck.check(BOUND, WINDOWS, DELAY, op(900, 9_000), 0, END));
  }

  @Test
  void neededSettleIsTheLeastSettleThatPasses() {
    List<HistoryEvent> h = op(900, 1_400);
    long needed = CalmLatencyCheck.neededSettleTicks(100, WINDOWS, DELAY, h, 1, END);
    assertEquals(290, needed);
    SettledLatency tight = new SettledLatency(needed, 100);
    assertNull(CalmLatencyCheck.check(tight, WINDOWS, DELAY, h, 1, END));
    assertTrue(
        CalmLatencyCheck.check(new SettledLatency(needed - 1, 100), WINDOWS, DELAY, h, 1, END)
            != null);
  }
}
