package dev.faultline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The search's per-(state, operation) memo answers like a plain map of what was put. */
class TransitionMemoTest {
  @Test
  void answersLikeAMapOnRandomPairs() {
    SplittableRandom random = new SplittableRandom(11);
    int ops = 300; // several groups of 64, the last one partial
    TransitionMemo memo = new TransitionMemo(ops);
    Map<Long, Integer> after = new HashMap<>();
    Map<Long, Boolean> dead = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      int state = random.nextInt(2_000); // far beyond the initial capacity of 16 states
      int op = random.nextInt(ops);
      long key = ((long) state << 32) | op;
      if (random.nextBoolean()) {
        if (!after.containsKey(key)) {
          int to = random.nextInt(5) == 0 ? -1 : random.nextInt(100_000);
          memo.putAfter(state, op, to);
          after.put(key, to);
        }
      } else if (!dead.containsKey(key)) {
        boolean d = random.nextBoolean();
        memo.putDead(state, op, d);
        dead.put(key, d);
      }
      int qs = random.nextInt(2_100);
      int qo = random.nextInt(ops);
      long q = ((long) qs << 32) | qo;
      assertEquals(after.getOrDefault(q, TransitionMemo.UNKNOWN), memo.after(qs, qo), "after");
      assertEquals(
          dead.containsKey(q) ? (dead.get(q) ? 1 : 0) : -1, memo.dead(qs, qo), "dead " + q);
    }
  }

  @Test
  void illegalAndStateZeroAreKnownAnswers() {
    TransitionMemo memo = new TransitionMemo(1);
    assertEquals(TransitionMemo.UNKNOWN, memo.after(0, 0));
    memo.putAfter(0, 0, -1);
    assertEquals(-1, memo.after(0, 0));
    memo.putAfter(1, 0, 0);
    assertEquals(0, memo.after(1, 0));
    assertEquals(-1, memo.dead(1, 0));
    memo.putDead(1, 0, false);
    assertEquals(0, memo.dead(1, 0));
    assertEquals(0, memo.after(1, 0), "deadness leaves the transition as it was");
  }
}
