package dev.faultline.scenario.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.model.ProtocolRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of mistakes in scenario files: each must give exactly one line, {@code faultline:
 * <file>:<line>:<col>: <field path>: <problem>}, exit code 2 and no stack trace, through the real
 * CLI entry point. The location is computed from where the offending token sits in the text.
 */
class MalformedScenarioTest {
  private static final String BASE =
      """
      {
        "name": "bad",
        "protocol": "toykv",
        "nodes": 3,
        "workload": {"script": [[{"f": "put", "key": "x", "value": "c1-1"}, {"f": "get", "key": "x"}]]},
        "network": {"latency": {"minTicks": 1, "maxTicks": 5}, "dropRate": 0.0},
        "faults": [
          {"at": 100, "type": "crash", "node": "s1"}
        ],
        "seed": 42,
        "durationTicks": 3000,
        "stabilizeTicks": 0,
        "expect": "pass"
      }
      """;

  private static final String TOP =
      "kind, name, description, protocol, variant, nodes, clients, options, workload, network, "
          + "clock, faults, seed, durationTicks, stabilizeTicks, expect, maxEvents";

  @TempDir static Path dir;

  /** One mistake: replace {@code from} by {@code to} in BASE; the error is at {@code token}. */
  record Case(String name, String from, String to, String token, String path, String problem) {}

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(
        new Case(
            "unknown field",
            "\"nodes\": 3,",
            "\"nodse\": 3,",
            "\"nodse\"",
            "nodse",
            "unknown field (did you mean 'nodes'?); allowed: " + TOP));
    c.add(
        new Case(
            "wrong type",
            "\"nodes\": 3,",
            "\"nodes\": \"3\",",
            "\"3\"",
            "nodes",
            "expected an integer, got a string"));
    c.add(
        new Case(
            "unknown protocol",
            "\"toykv\"",
            "\"rafty\"",
            "\"rafty\"",
            "protocol",
            "unknown protocol 'rafty'; known: "
                + String.join(", ", ProtocolRegistry.DEFAULT.names())));
    c.add(
        new Case(
            "unknown variant",
            "\"nodes\": 3,",
            "\"nodes\": 3, \"variant\": \"R99\",",
            "\"R99\"",
            "variant",
            "unknown variant 'R99' of toykv; known: BOOM, STALE, MUTE2, NONDET "
                + "(omit it or use null for the correct protocol)"));
    c.add(
        new Case(
            "unknown node",
            "\"node\": \"s1\"",
            "\"node\": \"s9\"",
            "\"s9\"",
            "faults[0].node",
            "unknown node 's9'; nodes: c1, s1, s2, s3"));
    c.add(
        new Case(
            "negative fault tick",
            "{\"at\": 100",
            "{\"at\": -5",
            "-5",
            "faults[0].at",
            "must be in [0, 1099511627776], was -5"));
    c.add(
        new Case(
            "tick bound hidden behind the minimum",
            "\"durationTicks\": 3000",
            "\"durationTicks\": 9223372036854775807",
            "9223372036854775807",
            "durationTicks",
            "must be in [1, 1099511627776], was 9223372036854775807"));
    c.add(
        new Case(
            "fault after the fault period",
            "{\"at\": 100",
            "{\"at\": 3000",
            "3000,",
            "faults[0].at",
            "fault at tick 3000 is not before durationTicks (3000); faults belong to "
                + "the fault period"));
    c.add(
        new Case(
            "rate above 1",
            "\"dropRate\": 0.0",
            "\"dropRate\": 1.5",
            "1.5",
            "network.dropRate",
            "must be a probability in [0, 1], was 1.5"));
    c.add(
        new Case(
            "negative rate",
            "\"dropRate\": 0.0",
            "\"dropRate\": -0.1",
            "-0.1",
            "network.dropRate",
            "must be a probability in [0, 1], was -0.1"));
    c.add(
        new Case(
            "missing required field", "\"seed\": 42,", "", "{", "seed", "missing required field"));
    c.add(
        new Case(
            "unknown fault type",
            "\"crash\"",
            "\"explode\"",
            "\"explode\"",
            "faults[0].type",
            "unknown fault type 'explode'; known: partition, isolate, block, "
                + "unblock, heal, crash, restart, crash-role, isolate-role, restart-last, "
                + "reboot-after, skew, drift, hold, drop, network, stabilize, isolate-after, block-after"));
    c.add(
        new Case(
            "field not allowed for the fault type",
            "\"node\": \"s1\"}",
            "\"node\": \"s1\", \"wipeDisk\": true}",
            "\"wipeDisk\"",
            "faults[0].wipeDisk",
            "unknown field; allowed: at, type, node"));
    c.add(
        new Case(
            "duplicate field",
            "\"seed\": 42,",
            "\"seed\": 42, \"seed\": 43,",
            "\"seed\": 43",
            "seed",
            "duplicate field"));
    c.add(
        new Case(
            "unknown operation",
            "{\"f\": \"get\"",
            "{\"f\": \"del\"",
            "\"del\"",
            "workload.script[0][1].f",
            "unknown operation 'del'; known: get, put, append"));
    c.add(
        new Case(
            "get with a value",
            "\"key\": \"x\"}]]",
            "\"key\": \"x\", \"value\": \"v\"}]]",
            "\"v\"",
            "workload.script[0][1].value",
            "a get has no value (omit it or use null)"));
    c.add(
        new Case(
            "put without a value",
            ", \"value\": \"c1-1\"}",
            "}",
            "{\"f\": \"put\"",
            "workload.script[0][0].value",
            "missing required field"));
    c.add(
        new Case(
            "value written twice",
            "{\"f\": \"get\", \"key\": \"x\"}",
            "{\"f\": \"append\", \"key\": \"x\", \"value\": \"c1-1\"}",
            "\"c1-1\"}]]",
            "workload.script[0][1].value",
            "value 'c1-1' is written twice; written values must be unique (e.g. c1-1, c1-2)"));
    c.add(
        new Case(
            "latency max below min",
            "\"maxTicks\": 5",
            "\"maxTicks\": 0",
            "0}",
            "network.latency.maxTicks",
            "must be >= minTicks (1), was 0"));
    c.add(
        new Case(
            "unknown expected property",
            "\"expect\": \"pass\"",
            "\"expect\": \"ToySafty\"",
            "\"ToySafty\"",
            "expect",
            "unknown property 'ToySafty'; known: pass, ToySafety, ToyServes, Linearizability, Liveness,"
                + " Exception"));
    c.add(
        new Case(
            "liveness without stabilize",
            "\"expect\": \"pass\"",
            "\"expect\": \"Liveness\"",
            "\"Liveness\"",
            "expect",
            "expecting Liveness needs stabilizeTicks > 0 (liveness is only "
                + "checked after a stabilize phase)"));
    c.add(
        new Case(
            "clients do not match the script",
            "\"nodes\": 3,",
            "\"nodes\": 3, \"clients\": 2,",
            "2,",
            "clients",
            "is 2 but workload.script has 1 client scripts"));
    c.add(
        new Case(
            "too few nodes",
            "\"nodes\": 3,",
            "\"nodes\": 0,",
            "0,",
            "nodes",
            "must be in [1, 99], was 0"));
    c.add(
        new Case(
            "option the protocol rejects",
            "\"nodes\": 3,",
            "\"nodes\": 3, \"options\": {\"fast\": true},",
            "{\"fast\"",
            "options",
            "toykv rejected the cluster: unknown option 'fast' (known: retryTicks)"));
    c.add(
        new Case(
            "option that is not a scalar",
            "\"nodes\": 3,",
            "\"nodes\": 3, \"options\": {\"retryTicks\": [1]},",
            "[1]",
            "options.retryTicks",
            "an option value must be a string, number or boolean, got an array"));
    c.add(
        new Case(
            "script and generated workload mixed",
            "{\"script\":",
            "{\"ops\": 5, \"script\":",
            "\"ops\"",
            "workload.ops",
            "unknown field; allowed: script"));
    c.add(
        new Case(
            "clock not an object",
            "\"seed\": 42,",
            "\"seed\": 42, \"clock\": [],",
            "[]",
            "clock",
            "expected an object, got an array"));
    c.add(
        new Case(
            "fractional tick",
            "{\"at\": 100",
            "{\"at\": 1.5",
            "1.5",
            "faults[0].at",
            "expected an integer, got '1.5'"));
    c.add(
        new Case(
            "boolean expected",
            "\"node\": \"s1\"}",
            "\"node\": \"s1\"}, {\"at\": 200, "
                + "\"type\": \"restart\", \"node\": \"s1\", \"wipeDisk\": \"yes\"}",
            "\"yes\"",
            "faults[1].wipeDisk",
            "expected true or false, got a string"));
    c.add(
        new Case(
            "node in two partition groups",
            "{\"at\": 100, \"type\": \"crash\", \"node\": \"s1\"}",
            "{\"at\": 100, \"type\": \"partition\", \"groups\": [[\"s1\", \"s2\"], [\"s2\", \"s3\"]]}",
            "\"s2\", \"s3\"",
            "faults[0].groups[1][0]",
            "node 's2' is in more than one group"));
    c.add(
        new Case(
            "mix with unknown operation",
            "{\"script\": [[{\"f\": \"put\", \"key\": \"x\", "
                + "\"value\": \"c1-1\"}, {\"f\": \"get\", \"key\": \"x\"}]]}",
            "{\"ops\": 10, \"mix\": {\"get\": 1, \"cas\": 1}}",
            "\"cas\"",
            "workload.mix.cas",
            "unknown field; allowed: get, put, append"));
    c.add(
        new Case(
            "seed too large",
            "\"seed\": 42,",
            "\"seed\": 99999999999999999999,",
            "99999999999999999999",
            "seed",
            "must be a 64-bit signed integer, was 99999999999999999999"));
    return c;
  }

  @TestFactory
  Stream<DynamicTest> eachMistakeIsOneLineWithExitTwo() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  @Test
  void tableHasAtLeastTwentyKindsOfMistake() {
    assertTrue(cases().size() >= 20);
  }

  @Test
  void theBaseFileItselfIsValid() throws Exception {
    Path f = dir.resolve("base.json");
    Files.writeString(f, BASE);
    Result r = cli("run", f.toString(), "--out", dir.resolve("out-base").toString());
    assertEquals(0, r.code, r.err + r.out);
  }

  /**
   * An EVENTUALLY property is a property a scenario may expect: the fuzzer names one in a failing
   * seed's shrunk scenario, which must replay (it was once refused as an unknown property).
   */
  @Test
  void anEventuallyPropertyIsAnExpectation() throws Exception {
    Path f = dir.resolve("eventually.json");
    Files.writeString(f, BASE.replace("\"expect\": \"pass\"", "\"expect\": \"ToyServes\""));
    Result r = cli("run", f.toString(), "--out", dir.resolve("out-eventually").toString());
    assertEquals(1, r.code, r.err + r.out); // read and run: it does not fail as it expects
    assertFalse(r.err.contains("unknown property"), r.err);
  }

  @Test
  void severalMissingFieldsAreNamedTogether() throws Exception {
    String text = BASE.replace("\"seed\": 42,", "").replace("\"durationTicks\": 3000,", "");
    Result r = runText("missing-two", text);
    assertEquals(2, r.code, r.err);
    assertTrue(r.err.contains("missing required fields: seed, durationTicks"), r.err);
    assertOneLineNoTrace(r.err);
  }

  @Test
  void syntaxErrorNamesLineAndColumn() throws Exception {
    String text = BASE.replace("\"seed\": 42,", "\"seed\": 42");
    Result r = runText("syntax", text);
    String[] lines = text.split("\n", -1);
    int line = 0;
    while (!lines[line].contains("\"durationTicks\"")) {
      line++;
    }
    int col = lines[line].indexOf('"') + 1;
    assertEquals(2, r.code);
    assertTrue(
        r.err.startsWith(
            "faultline: "
                + r.file
                + ":"
                + (line + 1)
                + ":"
                + col
                + ": (syntax): Unexpected character"),
        r.err);
    assertOneLineNoTrace(r.err);
  }

  @Test
  void trailingContentEmptyFileRootArrayAndMissingFile() throws Exception {
    Result trailing = runText("trailing", BASE + "{}");
    assertEquals(
        "faultline: "
            + trailing.file
            + ":15:1: (file): unexpected content after the "
            + "JSON value\n",
        trailing.err);
    Result empty = runText("empty", "  ");
    assertEquals(
        "faultline: " + empty.file + ":1:1: (file): empty file, expected a JSON object\n",
        empty.err);
    Result array = runText("array", "[1]");
    assertEquals(
        "faultline: " + array.file + ":1:1: (root): expected an object, got an array\n", array.err);
    Result missing = cli("run", dir.resolve("nope.json").toString());
    assertEquals("faultline: " + dir.resolve("nope.json") + ": no such file\n", missing.err);
    for (Result r : List.of(trailing, empty, array, missing)) {
      assertEquals(2, r.code);
    }
  }

  private void check(Case c) throws Exception {
    assertTrue(BASE.contains(c.from()), "bad case: " + c.from());
    String text = BASE.replace(c.from(), c.to());
    Result r = runText(c.name().replace(' ', '-'), text);
    String[] lines = text.split("\n", -1);
    int line = -1;
    int col = -1;
    for (int i = 0; i < lines.length && line < 0; i++) {
      int at = lines[i].indexOf(c.token());
      if (at >= 0) {
        line = i + 1;
        col = at + 1;
      }
    }
    assertTrue(line > 0, "token not found: " + c.token());
    assertEquals(
        "faultline: "
            + r.file
            + ":"
            + line
            + ":"
            + col
            + ": "
            + c.path()
            + ": "
            + c.problem()
            + "\n",
        r.err);
    assertEquals(2, r.code);
    assertOneLineNoTrace(r.err);
  }

  private static void assertOneLineNoTrace(String err) {
    assertEquals(1, err.lines().count(), err);
    assertFalse(err.matches("(?s).*\\w+(Exception|Error):.*") || err.contains("\tat "), err);
  }

  record Result(int code, String out, String err, Path file) {}

  private static Result runText(String name, String text) throws Exception {
    Path f = dir.resolve(name + ".json");
    Files.writeString(f, text);
    Result r = cli("run", f.toString(), "--out", dir.resolve("out-" + name).toString());
    return new Result(r.code, r.out, r.err, f);
  }

  static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FaultlineCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString(), null);
  }
}
