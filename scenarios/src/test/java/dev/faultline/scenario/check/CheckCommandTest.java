package dev.faultline.scenario.check;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline check}: verdicts, exit codes, explanation file, and one-line input errors. */
class CheckCommandTest {
  @TempDir Path dir;

  private static Path shared() {
    for (String c :
        new String[] {
          System.getProperty("faultline.shared"), "../../shared", "../shared", "/work/shared"
        }) {
      if (c != null && Files.isDirectory(Path.of(c, "data", "histories"))) {
        return Path.of(c, "data", "histories");
      }
    }
    throw new IllegalStateException("shared histories not found");
  }

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void linearizableJsonlExitsZero() throws Exception {
    Path h =
        file(
            "ok.jsonl",
            """
            {"process":0,"type":"invoke","f":"put","key":"k1","value":"c0-1"}
            {"process":1,"type":"invoke","f":"get","key":"k1","value":null}
            {"process":0,"type":"ok","f":"put","key":"k1","value":"c0-1"}
            {"process":1,"type":"ok","f":"get","key":"k1","value":"c0-1"}
            {"process":2,"type":"invoke","f":"append","key":"k2","value":"c2-7"}
            {"process":2,"type":"info","f":"append","key":"k2","value":"c2-7"}
            """);
    Run r = cli("check", h.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("linearizable (3 operations, 2 partitions"), r.out());
  }

  @Test
  void notLinearizableWritesExplanation() throws Exception {
    Path h =
        file(
            "bad.jsonl",
            """
            {"process":0,"type":"invoke","f":"put","key":"x","value":"a"}
            {"process":0,"type":"ok","f":"put","key":"x","value":"a"}
            {"process":1,"type":"invoke","f":"get","key":"x","value":null}
            {"process":1,"type":"ok","f":"get","key":"x","value":null}
            """);
    Path explain = dir.resolve("out/explain.json");
    Run r = cli("check", h.toString(), "--model", "kv", "--explain", explain.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("NOT linearizable (key x): process 1 get"), r.out());
    String json = Files.readString(explain);
    assertTrue(json.contains("\"verdict\":\"not-linearizable\""), json);
    assertTrue(json.contains("\"unplaceable\":{\"invokeIndex\":2,\"completeIndex\":3"), json);
    assertTrue(json.contains("\"linearizedPrefix\":[0],\"stateAfterPrefix\":\"a\""), json);
  }

  @Test
  void reportDrawsTheHistory() throws Exception {
    Path html = dir.resolve("etcd.html");
    Run r =
        cli(
            "check",
            shared().resolve("jepsen/etcd_000.log").toString(),
            "--report",
            html.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    String page = Files.readString(html);
    assertTrue(page.contains("not-linearizable"), "report names the verdict");
    assertTrue(page.length() > 1000);
  }

  @Test
  void sharedEtcdAndKvFilesWithDetectedFormat() {
    Path d = shared();
    assertEquals(0, cli("check", d.resolve("jepsen/etcd_002.log").toString()).code());
    assertEquals(1, cli("check", d.resolve("jepsen/etcd_000.log").toString()).code());
    assertEquals(1, cli("check", d.resolve("kv/c10-bad.txt").toString(), "--format", "edn").code());
    assertEquals(0, cli("check", d.resolve("kv/c10-ok.txt").toString()).code());
  }

  @Test
  void budgetRunsOutInconclusive() {
    Path c50 = shared().resolve("kv/c50-ok.txt");
    Run r = cli("check", c50.toString(), "--timeout", "0ms");
    // 0 means "no timeout": it must decide.
    assertEquals(0, r.code(), r.out() + r.err());
  }

  @Test
  void registerInitialValue() throws Exception {
    Path h =
        file(
            "reg.edn",
            "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value 5}\n");
    assertEquals(1, cli("check", h.toString()).code());
    assertEquals(0, cli("check", h.toString(), "--initial", "5").code());
  }

  @Test
  void malformedInputIsOneLineWithFileAndLineExit2() throws Exception {
    String okLine = "{\"process\":0,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"x\"}\n";
    assertBadInput(file("json.jsonl", okLine + "{\"process\":1,\n"), ":2: bad JSON");
    assertBadInput(
        file("f.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"frob\",\"key\":\"x\"}\n"),
        ":1: unknown f 'frob' for model kv");
    assertBadInput(
        file(
            "noinv.jsonl",
            okLine
                + "{\"process\":1,\"type\":\"ok\",\"f\":\"get\",\"key\":\"x\",\"value\":\"\"}\n"),
        ":2: ok get of process 1 has no invoke");
    assertBadInput(
        file("twice.jsonl", okLine + okLine),
        ":2: process 0 invokes get while its get from line 1 is still open");
    assertBadInput(
        file("bad.edn", "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0 :type :ok"),
        ":2: bad EDN");
    assertBadInput(dir.resolve("missing.jsonl"), ": no such file");
    Run r = cli("check", file("t.jsonl", okLine).toString(), "--timeout", "soon");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--timeout: 'soon' is not a duration"), r.err());
    r = cli("check", file("m.jsonl", okLine).toString(), "--model", "queue");
    assertEquals(2, r.code());
  }

  private static void assertBadInput(Path file, String expected) {
    Run r = cli("check", file.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    String line = r.err().strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.startsWith("faultline: " + file), line);
    assertTrue(line.contains(expected), line);
  }
}
