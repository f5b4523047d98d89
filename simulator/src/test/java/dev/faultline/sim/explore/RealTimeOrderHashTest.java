package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.HistoryEvent.Type;
import org.junit.jupiter.api.Test;

class RealTimeOrderHashTest {
  private static HistoryEvent put(int p, String v) {
    return HistoryEvent.invoke(p, "put", "x", v);
  }

  private static HistoryEvent ok(int p) {
    return HistoryEvent.complete(p, Type.OK, "put", "x", null);
  }

  private static long hash(HistoryEvent... events) {
    return RealTimeOrderHash.of(events);
  }

  @Test
  void returnsInEitherOrderWithNothingBetweenAreOneHistory() {
    assertEquals(
        hash(put(1, "a"), put(2, "b"), ok(1), ok(2)), hash(put(1, "a"), put(2, "b"), ok(2), ok(1)));
    assertEquals(hash(put(1, "a"), put(2, "b")), hash(put(2, "b"), put(1, "a")));
  }

  @Test
  void aDifferentRealTimeOrderIsADifferentHistory() {
    // 1 returned before 2 was invoked, or not: linearizability can tell these apart.
    assertNotEquals(
        hash(put(1, "a"), ok(1), put(2, "b"), ok(2)), hash(put(1, "a"), put(2, "b"), ok(1), ok(2)));
    assertNotEquals(hash(put(1, "a"), ok(1)), hash(put(1, "a")));
    assertNotEquals(hash(put(1, "a")), hash(put(1, "b")));
    assertNotEquals(hash(put(1, "a")), hash(put(2, "a")));
  }

  @Test
  void theSequenceHashTellsEveryInterleavingApart() {
    HistoryLog a = HistoryLog.EMPTY.append(put(1, "a")).append(put(2, "b"));
    HistoryLog b = HistoryLog.EMPTY.append(put(2, "b")).append(put(1, "a"));
    assertNotEquals(a.hash, b.hash);
    HistoryLog c = HistoryLog.empty(true).append(put(1, "a")).append(put(2, "b"));
    HistoryLog d = HistoryLog.empty(true).append(put(2, "b")).append(put(1, "a"));
    assertEquals(c.hash, d.hash);
  }
}
