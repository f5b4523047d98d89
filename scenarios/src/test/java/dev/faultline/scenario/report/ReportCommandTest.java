package dev.faultline.scenario.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.report.ShiVizExport;
import dev.faultline.scenario.cli.ExitCodes;
import dev.faultline.scenario.cli.FaultlineCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline report} through {@link FaultlineCli#execute}. */
class ReportCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return FaultlineCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static final List<String> TRACE =
      List.of(
          "{\"i\":0,\"tick\":0,\"kind\":\"start\",\"seed\":9,\"protocol\":\"raft\",\"variant\":null,\"scenario\":\"t\",\"nodes\":[\"s1\",\"s2\",\"c1\"]}",
          "{\"i\":1,\"tick\":1,\"kind\":\"send\",\"msgId\":1,\"from\":\"s1\",\"to\":\"s2\",\"message\":{\"type\":\"Ping\",\"term\":1}}",
          "{\"i\":2,\"tick\":3,\"kind\":\"deliver\",\"msgId\":1,\"from\":\"s1\",\"to\":\"s2\",\"message\":{\"type\":\"Ping\",\"term\":1}}",
          "{\"i\":3,\"tick\":3,\"kind\":\"send\",\"msgId\":2,\"from\":\"s2\",\"to\":\"s1\",\"message\":{\"type\":\"Pong\"}}",
          "{\"i\":4,\"tick\":5,\"kind\":\"drop\",\"msgId\":2,\"from\":\"s2\",\"to\":\"s1\",\"reason\":\"random\"}",
          "{\"i\":5,\"tick\":6,\"kind\":\"end\",\"reason\":\"time limit\"}");

  @Test
  void writesTheReportNextToTheTraceAndAShiVizLog() throws Exception {
    Path trace = dir.resolve("run").resolve("trace.jsonl");
    Files.createDirectories(trace.getParent());
    Files.write(trace, TRACE);
    Path log = dir.resolve("run").resolve("trace.log");
    assertEquals(
        ExitCodes.OK, run("report", trace.toString(), "--shiviz", log.toString()), err.toString());
    Path html = dir.resolve("run").resolve("trace.html");
    assertTrue(Files.exists(html));
    assertTrue(out.toString().contains("3 lifelines, 2 arrows"), out.toString());
    assertTrue(out.toString().contains(ShiVizExport.REGEX), "prints the regex to paste");
    assertEquals(6, Files.readAllLines(log).size(), "3 host events, two lines each");

    Path chosen = dir.resolve("elsewhere").resolve("r.html");
    assertEquals(ExitCodes.OK, run("report", trace.toString(), "-o", chosen.toString()));
    assertTrue(Files.readString(chosen).contains("<canvas id=\"plot\">"));
  }

  @Test
  void malformedTraceIsOneLineWithFileAndLineAndExitTwo() throws Exception {
    Path trace = dir.resolve("bad.jsonl");
    Files.write(
        trace,
        List.of(
            TRACE.get(0),
            TRACE.get(1),
            "{\"i\":2,\"tick\":3,\"kind\":\"deliver\",\"from\":\"s1\",\"to\":\"s2\"}"));
    assertEquals(ExitCodes.BAD_INPUT, run("report", trace.toString()));
    assertEquals("faultline: " + trace + ":3: deliver: missing \"msgId\"", err.toString().strip());
    assertEquals(1, err.toString().strip().lines().count());
    assertTrue(Files.notExists(dir.resolve("bad.html")), "no report for bad input");
  }

  @Test
  void badHistoryExplanationAndMissingFilesExitTwo() throws Exception {
    Path trace = dir.resolve("t.jsonl");
    Files.write(trace, TRACE);
    Path history = dir.resolve("h.jsonl");
    Files.write(
        history,
        List.of(
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"a\"}",
            "not json"));
    assertEquals(
        ExitCodes.BAD_INPUT, run("report", trace.toString(), "--history", history.toString()));
    assertTrue(
        err.toString().strip().startsWith("faultline: " + history + ":2: not valid JSON"),
        err.toString());

    err.getBuffer().setLength(0);
    Files.write(
        history,
        List.of("{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"a\"}"));
    Path expl = dir.resolve("e.json");
    Files.writeString(
        expl, "{\"verdict\":\"not-linearizable\",\"unplaceable\":{\"invokeIndex\":4}}");
    assertEquals(
        ExitCodes.BAD_INPUT,
        run(
            "report",
            trace.toString(),
            "--history",
            history.toString(),
            "--explanation",
            expl.toString()));
    assertEquals(
        "faultline: "
            + expl
            + ": field \"unplaceable.invokeIndex\": 4 is not the index of an invoke event in the history (1 events)",
        err.toString().strip());

    err.getBuffer().setLength(0);
    assertEquals(ExitCodes.BAD_INPUT, run("report", dir.resolve("nope.jsonl").toString()));
    assertEquals(
        "faultline: " + dir.resolve("nope.jsonl") + ": no such file", err.toString().strip());
  }
}
