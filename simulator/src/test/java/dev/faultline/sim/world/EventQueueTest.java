package dev.faultline.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.sim.rand.Rng;
import java.util.Comparator;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The timing wheel must pop exactly in (tick, seq) order, like a sorted set would. */
class EventQueueTest {
  private long seq;

  private Event event(long tick) {
    return new Event(tick, seq++, Event.TIMER, 0, -1, null, -1, 0);
  }

  @Test
  void matchesASortedReferenceUnderRandomNearAndFarTraffic() {
    for (long s = 1; s <= 20; s++) {
      Rng rng = new Rng(s);
      EventQueue q = new EventQueue();
      TreeSet<Event> ref =
          new TreeSet<>(Comparator.<Event>comparingLong(e -> e.tick).thenComparingLong(e -> e.seq));
      long now = 0;
      for (int op = 0; op < 20_000; op++) {
        int what = rng.nextInt(10);
        if (what < 5 || ref.isEmpty()) {
          long delay =
              switch (rng.nextInt(4)) {
                case 0 -> 0;
                case 1 -> rng.nextLong(0, 10);
                case 2 -> rng.nextLong(0, 5_000);
                default -> rng.nextLong(3_000, 50_000);
              };
          Event e = event(now + delay);
          q.add(e);
          ref.add(e);
        } else if (what < 6) {
          assertSame(ref.isEmpty() ? null : ref.first(), q.peek());
        } else {
          Event expected = ref.pollFirst();
          assertSame(expected, q.poll(), "seed " + s + " op " + op);
          now = expected.tick;
        }
        assertEquals(ref.size(), q.size());
      }
      while (!ref.isEmpty()) {
        assertSame(ref.pollFirst(), q.poll());
      }
      assertNull(q.poll());
      assertNull(q.peek());
    }
  }

  @Test
  void peekDoesNotMoveTimeSoEarlierEventsCanStillBeAdded() {
    EventQueue q = new EventQueue();
    Event late = event(10_000);
    q.add(late);
    assertSame(late, q.peek());
    Event early = event(50); // e.g. a fault scheduled after runUntil stopped short of 10_000
    q.add(early);
    assertSame(early, q.poll());
    assertSame(late, q.poll());
    assertThrows(IllegalStateException.class, () -> q.add(event(9_999)));
  }

  @Test
  void sameTickEventsComeOutInInsertionOrderAcrossTheWheelBoundary() {
    EventQueue q = new EventQueue();
    Event a = event(EventQueue.WHEEL_TICKS + 7); // far when added
    q.add(a);
    Event first = event(10);
    q.add(first);
    assertSame(first, q.poll()); // base 10: tick WHEEL+7 now inside the window, a moves in
    Event b = event(EventQueue.WHEEL_TICKS + 7); // same tick, added directly to the wheel
    q.add(b);
    assertSame(a, q.poll());
    assertSame(b, q.poll());
  }
}
