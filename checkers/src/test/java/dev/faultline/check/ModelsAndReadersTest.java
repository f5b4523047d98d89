package dev.faultline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.HistoryEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Models, the three readers, their error messages, and the budget. */
class ModelsAndReadersTest {

  private static CheckResult check(String text, HistoryFiles.Format f, Model<?> m) {
    return Linearizability.check(HistoryFiles.parse("h", text, f, m), m, CheckBudget.unlimited());
  }

  @Test
  void lockModelInOneClass() {
    String ok =
        """
        {"process":0,"type":"invoke","f":"acquire"}
        {"process":1,"type":"invoke","f":"acquire"}
        {"process":0,"type":"ok","f":"acquire"}
        {"process":0,"type":"invoke","f":"release"}
        {"process":0,"type":"ok","f":"release"}
        {"process":1,"type":"ok","f":"acquire"}
        """;
    assertEquals(
        Verdict.LINEARIZABLE, check(ok, HistoryFiles.Format.JSONL, new LockModel()).verdict());
    String twoHolders =
        """
        {"process":0,"type":"invoke","f":"acquire"}
        {"process":0,"type":"ok","f":"acquire"}
        {"process":1,"type":"invoke","f":"acquire"}
        {"process":1,"type":"ok","f":"acquire"}
        """;
    CheckResult r = check(twoHolders, HistoryFiles.Format.JSONL, new LockModel());
    assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
    assertEquals(2, r.unplaceable().invokeIndex());
    assertEquals(List.of(0), r.linearizedPrefix());
    assertEquals("held by process 0", r.stateAfterPrefix());
  }

  @Test
  void kvStaleReadIsExplained() {
    List<HistoryEvent> h =
        List.of(
            HistoryEvent.invoke(0, "put", "x", "a"),
            HistoryEvent.complete(0, HistoryEvent.Type.OK, "put", "x", "a"),
            HistoryEvent.invoke(0, "put", "x", "b"),
            HistoryEvent.invoke(1, "get", "x", null),
            HistoryEvent.complete(0, HistoryEvent.Type.OK, "put", "x", "b"),
            HistoryEvent.invoke(2, "get", "x", null),
            HistoryEvent.complete(1, HistoryEvent.Type.OK, "get", "x", "b"),
            HistoryEvent.complete(2, HistoryEvent.Type.OK, "get", "x", "a"));
    CheckResult r = Linearizability.check(h, Models.kv(), CheckBudget.unlimited());
    assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
    assertEquals("x", r.partition());
    assertEquals(5, r.unplaceable().invokeIndex());
    assertEquals(7, r.unplaceable().completeIndex());
    assertEquals("a", r.unplaceable().value());
    assertEquals(List.of(0, 2), r.linearizedPrefix());
    assertEquals("b", r.stateAfterPrefix());
    String json = r.toJson();
    assertTrue(
        json.startsWith("{\"model\":\"kv\",\"verdict\":\"not-linearizable\",\"partition\":\"x\""),
        json);
    assertTrue(json.contains("\"linearizedPrefix\":[0,2],\"stateAfterPrefix\":\"b\""), json);
  }

  /** Two reads disagree on the order of two appends; a later put must not hide that. */
  private static List<HistoryEvent> appendOrder(String secondRead) {
    return List.of(
        HistoryEvent.invoke(0, "append", "x", "a"),
        HistoryEvent.invoke(1, "append", "x", "b"),
        HistoryEvent.complete(0, HistoryEvent.Type.OK, "append", "x", "a"),
        HistoryEvent.complete(1, HistoryEvent.Type.OK, "append", "x", "b"),
        HistoryEvent.invoke(2, "get", "x", null),
        HistoryEvent.complete(2, HistoryEvent.Type.OK, "get", "x", "ba"),
        HistoryEvent.invoke(3, "get", "x", null),
        HistoryEvent.complete(3, HistoryEvent.Type.OK, "get", "x", secondRead),
        HistoryEvent.invoke(0, "put", "x", "c"),
        HistoryEvent.complete(0, HistoryEvent.Type.OK, "put", "x", "c"),
        HistoryEvent.invoke(1, "get", "x", null),
        HistoryEvent.complete(1, HistoryEvent.Type.OK, "get", "x", "c"));
  }

  @Test
  void overwrittenStateIsStillJudged() {
    assertEquals(
        Verdict.LINEARIZABLE,
        Linearizability.check(appendOrder("ba"), Models.kv(), CheckBudget.unlimited()).verdict());
    CheckResult r = Linearizability.check(appendOrder("ab"), Models.kv(), CheckBudget.unlimited());
    assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
    // Either read can be the one that cannot be placed: they contradict each other.
    assertTrue(List.of(4, 6).contains(r.unplaceable().invokeIndex()), r.toJson());
  }

  @Test
  void indeterminateAndFailedOperations() {
    // An info put may take effect late (after a later read saw the old value)...
    List<HistoryEvent> late =
        List.of(
            HistoryEvent.invoke(0, "put", "x", "a"),
            HistoryEvent.complete(0, HistoryEvent.Type.INFO, "put", "x", "a"),
            HistoryEvent.invoke(1, "get", "x", null),
            HistoryEvent.complete(1, HistoryEvent.Type.OK, "get", "x", ""),
            HistoryEvent.invoke(1, "get", "x", null),
            HistoryEvent.complete(1, HistoryEvent.Type.OK, "get", "x", "a"));
    assertEquals(
        Verdict.LINEARIZABLE,
        Linearizability.check(late, Models.kv(), CheckBudget.unlimited()).verdict());
    // ...but a failed put never happened.
    List<HistoryEvent> failed =
        List.of(
            HistoryEvent.invoke(0, "put", "x", "a"),
            HistoryEvent.complete(0, HistoryEvent.Type.FAIL, "put", "x", "a"),
            HistoryEvent.invoke(1, "get", "x", null),
            HistoryEvent.complete(1, HistoryEvent.Type.OK, "get", "x", "a"));
    assertEquals(
        Verdict.NOT_LINEARIZABLE,
        Linearizability.check(failed, Models.kv(), CheckBudget.unlimited()).verdict());
  }

  @Test
  void registerEdnKnossosConventions() {
    String edn =
        """
        {:process 0, :type :invoke, :f :write, :value 3}
        {:process :nemesis, :type :info, :f :start, :value nil}
        {:process 0, :type :ok, :f :write, :value 3}
        {:process 1, :type :invoke, :f :cas, :value [3 4]}
        {:process 1, :type :fail, :f :cas, :value [3 4]}
        {:process 2, :type :invoke, :f :read, :value nil}
        {:process 2, :type :ok, :f :read, :value nil}
        {:process 2, :type :invoke, :f :read, :value nil}
        {:process 2, :type :ok, :f :read, :value 3}
        """;
    assertEquals(
        Verdict.LINEARIZABLE, check(edn, HistoryFiles.Format.EDN, Models.register(null)).verdict());
    String bad = edn.replace(":ok, :f :read, :value 3}", ":ok, :f :read, :value 4}");
    assertEquals(
        Verdict.NOT_LINEARIZABLE,
        check(bad, HistoryFiles.Format.EDN, Models.register(null)).verdict());
    // --initial: a read of 7 before any write is fine only if the register started at 7.
    String initial =
        "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value 7}\n";
    assertEquals(
        Verdict.LINEARIZABLE,
        check(initial, HistoryFiles.Format.EDN, Models.register(7L)).verdict());
    assertEquals(
        Verdict.NOT_LINEARIZABLE,
        check(initial, HistoryFiles.Format.EDN, Models.register(null)).verdict());
  }

  @Test
  void jepsenLogNilReadMeansAbsent() {
    String log =
        "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
            + "INFO  jepsen.util - :nemesis\t:info\t:start\tnil\n"
            + "INFO  jepsen.util - 0\t:ok\t:read\tnil\n"
            + "INFO  jepsen.util - 1   :invoke :write  2\n"
            + "INFO  jepsen.util - 1   :ok     :write  2\n"
            + "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
            + "INFO  jepsen.util - 0\t:ok\t:read\tnil\n";
    CheckResult r = check(log, HistoryFiles.Format.JEPSEN_LOG, Models.register(null));
    assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
    assertEquals(7, r.unplaceable().completeLine());
    assertEquals("2", r.stateAfterPrefix());
  }

  @Test
  void malformedInputsNameFileAndLine() {
    assertProblem(
        "h:2: bad JSON",
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"x\"}\n{oops\n",
        Models.kv());
    assertProblem(
        "h:1: unknown f 'frob' for model kv",
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"frob\",\"key\":\"x\"}\n{\"process\":0,\"type\":\"ok\",\"f\":\"frob\",\"key\":\"x\"}\n",
        Models.kv());
    assertProblem(
        "h:1: ok get of process 3 has no invoke",
        "{\"process\":3,\"type\":\"ok\",\"f\":\"get\",\"key\":\"x\",\"value\":\"\"}\n",
        Models.kv());
    assertProblem(
        "h:2: process 0 invokes put while its get from line 1 is still open",
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"x\"}\n{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"x\",\"value\":\"a\"}\n",
        Models.kv());
    assertProblem(
        "h:1: field \"type\"",
        "{\"process\":0,\"type\":\"done\",\"f\":\"get\",\"key\":\"x\"}\n",
        Models.kv());
    HistoryFormatException e =
        assertThrows(
            HistoryFormatException.class,
            () ->
                HistoryFiles.parse(
                    "h.edn",
                    "{:process 0, :type :invoke, :f :read :value nil}\n{:process 0 :type",
                    HistoryFiles.Format.EDN,
                    Models.register(null)));
    assertTrue(e.getMessage().startsWith("h.edn:2: bad EDN"), e.getMessage());
    e =
        assertThrows(
            HistoryFormatException.class,
            () ->
                HistoryFiles.parse(
                    "e.log",
                    "INFO  jepsen.util - 0\t:invoke\t:write\tfive\n",
                    HistoryFiles.Format.JEPSEN_LOG,
                    Models.register(null)));
    assertEquals("e.log:1: bad value 'five'", e.getMessage());
  }

  private static void assertProblem(String prefix, String jsonl, Model<?> m) {
    HistoryFormatException e =
        assertThrows(
            HistoryFormatException.class,
            () -> HistoryFiles.parse("h", jsonl, HistoryFiles.Format.JSONL, m));
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    assertNotEquals(-1, e.getMessage().indexOf(':'));
  }

  @Test
  void budgetExhaustedIsInconclusiveNeverLinearizable() throws Exception {
    java.nio.file.Path c50 = SharedData.histories().resolve("kv/c50-ok.txt");
    History h = HistoryFiles.read(c50, HistoryFiles.Format.EDN, Models.kv());
    CheckResult r = Linearizability.check(h, Models.kv(), CheckBudget.ofSteps(1000));
    assertEquals(Verdict.INCONCLUSIVE, r.verdict());
    assertTrue(r.reason().startsWith("step budget of 1000 exhausted"), r.reason());
    assertNull(r.unplaceable());
    assertTrue(r.toJson().contains("\"verdict\":\"inconclusive\""));
  }

  @Test
  void resultDoesNotDependOnThreads() throws Exception {
    java.nio.file.Path c50 = SharedData.histories().resolve("kv/c50-bad.txt");
    History h = HistoryFiles.read(c50, HistoryFiles.Format.EDN, Models.kv());
    String one = withoutTime(Linearizability.check(h, Models.kv(), CheckBudget.unlimited(), 1));
    for (int threads = 2; threads <= 4; threads++) {
      assertEquals(
          one,
          withoutTime(Linearizability.check(h, Models.kv(), CheckBudget.unlimited(), threads)));
    }
  }

  private static String withoutTime(CheckResult r) {
    return r.toJson().replaceAll("\"elapsedMillis\":\\d+", "");
  }
}
