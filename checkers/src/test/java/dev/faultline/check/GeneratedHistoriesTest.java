package dev.faultline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.KvHistoryGenerator.Config;
import dev.faultline.check.KvHistoryGenerator.GenOp;
import dev.faultline.check.KvHistoryGenerator.Generated;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated histories: linearizable by construction (random linearization points), and not
 * linearizable after a known mutation (stale read, duplicated append, reordered appends).
 */
class GeneratedHistoriesTest {
  // A budget in search steps per partition, never wall time: a verdict must not depend on how
  // loaded the machine is. The largest check here takes ~1.4 M steps in all.
  private static final CheckBudget BUDGET = CheckBudget.ofSteps(20_000_000);

  @Test
  void randomLinearizationPointsAreLinearizable() {
    SplittableRandom seeds = new SplittableRandom(7);
    for (int i = 0; i < 150; i++) {
      long seed = seeds.nextLong();
      int processes = 1 + seeds.nextInt(12);
      Config c =
          new Config(
              100 + seeds.nextInt(300), processes, 1 + seeds.nextInt(3), 0.3, 0.1, 0.03, 0.03, 30);
      Generated g = KvHistoryGenerator.linearizable(seed, c);
      CheckResult r = Linearizability.check(g.events(), Models.kv(), BUDGET);
      assertEquals(
          Verdict.LINEARIZABLE, r.verdict(), "seed " + seed + " " + c + ": " + r.summary());
    }
  }

  @Test
  void fiftyProcessesTenThousandOps() {
    Config c = new Config(10_000, 50, 8, 0.3, 0.1, 0.002, 0.01, 40);
    Generated g = KvHistoryGenerator.linearizable(11, c);
    CheckResult r = Linearizability.check(g.events(), Models.kv(), BUDGET);
    assertEquals(Verdict.LINEARIZABLE, r.verdict(), r.summary());
    assertEquals(8, r.partitions());
  }

  @Test
  void hundredThousandOpsFiftyProcesses() {
    Config c = new Config(100_000, 50, 10, 0.35, 0.05, 0.002, 0.005, 40);
    Generated g = KvHistoryGenerator.linearizable(2026, c);
    CheckResult ok = Linearizability.check(g.events(), Models.kv(), BUDGET);
    assertEquals(Verdict.LINEARIZABLE, ok.verdict(), ok.summary());

    GenOp bad = staleRead(g, new SplittableRandom(5));
    CheckResult r = Linearizability.check(KvHistoryGenerator.events(g.ops()), Models.kv(), BUDGET);
    assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict(), r.summary());
    assertEquals(bad.key, r.partition());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stale read", "duplicated append", "reordered appends"})
  void mutationsAreCaughtAndExplained(String mutation) {
    SplittableRandom seeds = new SplittableRandom(mutation.hashCode());
    int caught = 0;
    for (int i = 0; i < 40; i++) {
      long seed = seeds.nextLong();
      int processes = 2 + seeds.nextInt(i < 35 ? 10 : 49);
      int ops = i < 35 ? 200 + seeds.nextInt(400) : 5_000;
      Generated g = KvHistoryGenerator.linearizable(seed, Config.appendsOnly(ops, processes, 2));
      BiFunction<Generated, SplittableRandom, GenOp> mutate =
          switch (mutation) {
            case "stale read" -> GeneratedHistoriesTest::staleRead;
            case "duplicated append" -> GeneratedHistoriesTest::duplicatedAppend;
            default -> GeneratedHistoriesTest::reorderedAppends;
          };
      GenOp bad = mutate.apply(g, new SplittableRandom(seed));
      if (bad == null) {
        continue; // this history offers no place for the mutation
      }
      caught++;
      CheckResult r =
          Linearizability.check(KvHistoryGenerator.events(g.ops()), Models.kv(), BUDGET);
      String where = mutation + ", seed " + seed + ": " + r.summary();
      assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict(), where);
      assertEquals(bad.key, r.partition(), where);
      assertNotNull(r.unplaceable(), where);
      assertTrue(r.toJson().contains("\"unplaceable\":{\"invokeIndex\":"), where);
    }
    assertTrue(caught >= 30, "mutations applied: " + caught);
  }

  /** A get misses an append that completed before the get was invoked. */
  static GenOp staleRead(Generated g, SplittableRandom rnd) {
    Map<String, GenOp> writer = writers(g);
    List<GenOp[]> candidates = new ArrayList<>();
    for (GenOp get : okGets(g)) {
      for (String t : KvHistoryGenerator.tokens(get.value)) {
        GenOp w = writer.get(t);
        if ("ok".equals(w.completion) && w.completeTime < get.invokeTime) {
          candidates.add(new GenOp[] {get, w});
        }
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    GenOp[] pick = candidates.get(rnd.nextInt(candidates.size()));
    pick[0].value = pick[0].value.substring(0, pick[0].value.indexOf(pick[1].value));
    return pick[0];
  }

  /** A get sees one append twice. */
  static GenOp duplicatedAppend(Generated g, SplittableRandom rnd) {
    List<GenOp> candidates = okGets(g).stream().filter(o -> !o.value.isEmpty()).toList();
    if (candidates.isEmpty()) {
      return null;
    }
    GenOp get = candidates.get(rnd.nextInt(candidates.size()));
    List<String> tokens = KvHistoryGenerator.tokens(get.value);
    get.value = get.value + tokens.get(rnd.nextInt(tokens.size()));
    return get;
  }

  /** A get sees two appends in the opposite of their real-time order. */
  static GenOp reorderedAppends(Generated g, SplittableRandom rnd) {
    Map<String, GenOp> writer = writers(g);
    List<Object[]> candidates = new ArrayList<>();
    for (GenOp get : okGets(g)) {
      List<String> t = KvHistoryGenerator.tokens(get.value);
      for (int i = 0; i < t.size(); i++) {
        for (int j = i + 1; j < Math.min(t.size(), i + 4); j++) {
          if (writer.get(t.get(i)).completeTime < writer.get(t.get(j)).invokeTime) {
            candidates.add(new Object[] {get, i, j});
          }
        }
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    Object[] pick = candidates.get(rnd.nextInt(candidates.size()));
    GenOp get = (GenOp) pick[0];
    List<String> t = new ArrayList<>(KvHistoryGenerator.tokens(get.value));
    int i = (Integer) pick[1];
    int j = (Integer) pick[2];
    String ti = t.get(i);
    t.set(i, t.get(j));
    t.set(j, ti);
    get.value = String.join("", t);
    return get;
  }

  private static List<GenOp> okGets(Generated g) {
    return g.ops().stream().filter(o -> o.f.equals("get") && "ok".equals(o.completion)).toList();
  }

  private static Map<String, GenOp> writers(Generated g) {
    Map<String, GenOp> m = new HashMap<>();
    for (GenOp o : g.ops()) {
      if (!o.f.equals("get")) {
        m.put(o.value, o);
      }
    }
    return m;
  }
}
