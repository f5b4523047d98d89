package dev.faultline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.KvHistoryGenerator.Config;
import dev.faultline.check.KvHistoryGenerator.Generated;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Blind writes ({@link Model#overwrites}) are a shortcut, not a change of search: the kv model with
 * and without them gives the same verdict, partition and step count on the same histories, and the
 * unrolled prefix hash is {@link String#hashCode} of the prefix. With blind puts the look-ahead
 * also keeps, per read, whether a pending put could revive it until a put is placed or undone;
 * without them it asks again every time, so this compares that memory with the plain question too.
 */
class BlindWriteTest {
  private static final CheckBudget BUDGET = CheckBudget.ofSteps(20_000_000);

  /** The kv model without the shortcut: every put stepped from every state, as before. */
  private static final class KvWithoutBlindWrites extends KvModel {
    @Override
    public boolean overwrites(Operation op) {
      return false;
    }
  }

  @Test
  void sameVerdictsAndStepsWithAndWithoutBlindWrites() {
    SplittableRandom seeds = new SplittableRandom(18);
    int notLinearizable = 0;
    for (int i = 0; i < 60; i++) {
      long seed = seeds.nextLong();
      // Many puts, crashes and a few keys: the look-ahead tries pending puts from every state.
      Config c =
          new Config(
              150 + seeds.nextInt(250),
              2 + seeds.nextInt(8),
              1 + seeds.nextInt(3),
              0.3,
              0.25,
              0.05,
              0.05,
              30);
      Generated g = KvHistoryGenerator.linearizable(seed, c);
      if (i % 2 == 1) {
        GeneratedHistoriesTest.staleRead(g, new SplittableRandom(seed)); // may find no place
      }
      var events = KvHistoryGenerator.events(g.ops());
      CheckResult with =
          Linearizability.check(
              History.fromHistoryEvents(events, Models.kv()), Models.kv(), BUDGET, 1);
      Model<?> plain = new KvWithoutBlindWrites();
      CheckResult without =
          Linearizability.check(History.fromHistoryEvents(events, plain), plain, BUDGET, 1);
      String where = "seed " + seed + " " + c;
      assertEquals(without.verdict(), with.verdict(), where);
      assertEquals(without.partition(), with.partition(), where);
      assertEquals(without.steps(), with.steps(), where);
      notLinearizable += with.verdict() == Verdict.NOT_LINEARIZABLE ? 1 : 0;
    }
    assertTrue(notLinearizable >= 5, "histories not linearizable: " + notLinearizable);
  }

  @Test
  void prefixHashIsTheHashOfThePrefix() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(40);
      for (int k = 0; k < len; k++) {
        sb.append((char) (rnd.nextBoolean() ? 'a' + rnd.nextInt(26) : rnd.nextInt(0x3000)));
      }
      String s = sb.toString();
      int n = rnd.nextInt(len + 1);
      assertEquals(s.substring(0, n).hashCode(), KvValue.prefixHash(s, n), s + " " + n);
    }
  }
}
