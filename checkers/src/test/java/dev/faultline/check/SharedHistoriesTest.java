package dev.faultline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference history (Porcupine's test data: 102 Jepsen etcd logs, 6 MIT kvraft histories)
 * gets the verdict EXPECTED.md records for it.
 */
class SharedHistoriesTest {
  // A budget in search steps per partition, never wall time: a verdict must not depend on how
  // loaded the machine is. The largest check here takes ~1.4 M steps in all.
  private static final CheckBudget BUDGET = CheckBudget.ofSteps(20_000_000);

  @Test
  void expectedTableCoversAllFiles() throws Exception {
    Map<String, Boolean> expected = SharedData.expected();
    long etcd = expected.keySet().stream().filter(f -> f.startsWith("jepsen/")).count();
    long kv = expected.keySet().stream().filter(f -> f.startsWith("kv/")).count();
    assertEquals(102, etcd, "etcd logs with an expected verdict");
    assertEquals(6, kv, "kv histories with an expected verdict");
    assertEquals(
        23,
        expected.entrySet().stream()
            .filter(e -> e.getKey().startsWith("jepsen/") && e.getValue())
            .count());
  }

  @TestFactory
  Stream<DynamicTest> everyFileGetsItsExpectedVerdict() throws Exception {
    Path dir = SharedData.histories();
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Boolean> e : SharedData.expected().entrySet()) {
      String name = e.getKey();
      boolean linearizable = e.getValue();
      tests.add(
          DynamicTest.dynamicTest(
              name + " -> " + (linearizable ? "linearizable" : "not linearizable"),
              () -> {
                boolean etcd = name.startsWith("jepsen/");
                Model<?> model = etcd ? Models.register(null) : Models.kv();
                History h =
                    HistoryFiles.read(
                        dir.resolve(name),
                        etcd ? HistoryFiles.Format.JEPSEN_LOG : HistoryFiles.Format.EDN,
                        model);
                CheckResult r = Linearizability.check(h, model, BUDGET);
                assertEquals(
                    linearizable ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE,
                    r.verdict(),
                    name + ": " + r.summary());
                if (!linearizable) {
                  assertNotNull(r.unplaceable(), "names the op that cannot be placed");
                  assertFalse(
                      r.linearizedPrefix().contains(r.unplaceable().invokeIndex()),
                      "the unplaceable op is not in the prefix");
                  assertNotNull(r.stateAfterPrefix());
                  assertTrue(r.toJson().contains("\"verdict\":\"not-linearizable\""));
                }
              }));
    }
    return tests.stream();
  }
}
