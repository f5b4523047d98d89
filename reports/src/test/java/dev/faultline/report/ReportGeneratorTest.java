package dev.faultline.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** The page's data block, plain or gzip+base64. */
  static JsonNode data(String html) throws Exception {
    Matcher m =
        Pattern.compile("<script id=\"fl-data\" type=\"([^\"]+)\">(.*?)</script>", Pattern.DOTALL)
            .matcher(html);
    assertTrue(m.find(), "data block present");
    if (m.group(1).equals("application/json")) {
      return JSON.readTree(m.group(2));
    }
    assertEquals("application/gzip+base64", m.group(1));
    byte[] zipped = java.util.Base64.getMimeDecoder().decode(m.group(2).strip());
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped))) {
      return JSON.readTree(in);
    }
  }

  @Test
  void largeDataIsCompressedAndUnpacksToTheSameTables() throws Exception {
    List<String> lines = SyntheticTrace.lines(4, 2500);
    String html = ReportGenerator.fromTraceLines(lines).html();
    assertTrue(html.contains("type=\"application/gzip+base64\""), "big page compressed");
    JsonNode d = data(html);
    assertEquals(new TraceCounts(lines).arrows.size(), d.at("/m/s").size());
    assertEquals(
        html, ReportGenerator.fromTraceLines(lines).html(), "compression is deterministic");
  }

  @Test
  void summaryMatchesCountsTakenStraightFromTheTrace() throws Exception {
    List<String> lines = SyntheticTrace.lines(7, 200);
    TraceCounts counts = new TraceCounts(lines);
    Path trace = dir.resolve("t.jsonl");
    Files.write(trace, lines);
    ReportSummary s = ReportGenerator.fromFiles(trace, null, null).writeHtml(dir.resolve("t.html"));
    assertEquals(counts.arrows.size(), s.arrows());
    assertEquals(counts.lifelines.size(), s.lifelines());
    assertEquals(counts.invokes, s.operations());
    assertEquals(lines.size(), s.events());
    assertTrue(Files.size(dir.resolve("t.html")) == s.bytes());
  }

  @Test
  void anOutOfBoundClockIsListedWithItsPeriod() throws Exception {
    SyntheticTrace t = SyntheticTrace.build(7, 100);
    JsonNode periods =
        data(ReportGenerator.fromTraceLines(t.cached).html()).at("/meta/clockOutOfBound");
    assertEquals(1, periods.size(), periods.toString());
    assertEquals("s2", periods.get(0).get("node").asText());
    assertEquals(t.endTick / 2, periods.get(0).get("fromTick").asLong());
    assertTrue(periods.get(0).get("untilTick").isNull(), "never back within bound: to the end");
    assertEquals(10, periods.get(0).get("errorTicks").asLong());
  }

  @Test
  void aClockBackWithinBoundClosesItsPeriod() {
    ClockBounds b = new ClockBounds();
    b.change("s1", 5, true, 2); // within bound: nothing to mark
    b.change("s2", 10, false, 30);
    b.change("s2", 20, false, 50); // still out: one period, the larger error
    b.change("s2", 40, true, 1);
    b.change("s3", 60, false, 70);
    assertEquals(
        List.of(new ClockBounds.Period("s2", 10, 40, 50), new ClockBounds.Period("s3", 60, -1, 70)),
        b.periods());
  }

  @Test
  void pageIsSelfContainedAndCarriesTheRunIdentity() throws Exception {
    List<String> lines = SyntheticTrace.lines(7, 100);
    String html =
        ReportGenerator.fromTraceLines(lines)
            .title("raft <R1> & friends")
            .reproduce("./faultline run lib/x.json --seed 42")
            .html();
    assertFalse(html.contains("<script src"), "no external scripts");
    assertFalse(html.contains("<link"), "no external stylesheets");
    assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no network references");
    assertTrue(html.contains("raft &lt;R1&gt; &amp; friends"), "title is escaped");
    JsonNode d = data(html);
    assertEquals("42", d.at("/meta/seed").asText());
    assertEquals("R1", d.at("/meta/variant").asText());
    assertEquals("./faultline run lib/x.json --seed 42", d.at("/meta/reproduce").asText());
    assertEquals("ElectionSafety", d.at("/meta/violation/property").asText());
    assertTrue(d.at("/meta/violation/causeLane").asInt() >= 0, "cause event located");
    // Messages are sorted by send tick (the page culls by binary search).
    long prev = -1;
    long sum = 0;
    for (JsonNode delta : d.at("/m/s")) {
      sum += delta.asLong();
      assertTrue(sum >= prev);
      prev = sum;
    }
  }

  @Test
  void sameInputGivesByteIdenticalReport() {
    List<String> lines = SyntheticTrace.lines(3, 150);
    String a = ReportGenerator.fromTraceLines(lines).reproduce("x").html();
    String b = ReportGenerator.fromTraceLines(lines).reproduce("x").html();
    assertArrayEquals(a.getBytes(), b.getBytes());
  }

  @Test
  void drawsEveryMessageFateAndBandsAndPartitions() throws Exception {
    JsonNode d = data(ReportGenerator.fromTraceLines(SyntheticTrace.lines(11, 400)).html());
    List<Integer> statuses = new ArrayList<>();
    d.at("/m/st").forEach(n -> statuses.add(n.asInt()));
    List<Integer> flags = new ArrayList<>();
    d.at("/m/fl").forEach(n -> flags.add(n.asInt()));
    for (int status :
        List.of(
            DiagramBuilder.DELIVERED,
            DiagramBuilder.DROP_RANDOM,
            DiagramBuilder.DROP_PARTITION,
            DiagramBuilder.DROP_DOWN)) {
      assertTrue(statuses.contains(status), "status " + status + " present");
    }
    assertTrue(flags.contains(DiagramBuilder.FLAG_HELD));
    assertTrue(flags.contains(DiagramBuilder.FLAG_DUPLICATE));
    assertEquals(1, d.at("/parts").size(), "one partition segment (the heal ends it)");
    assertEquals(8, d.at("/parts/0/links").size());
    assertTrue(d.at("/b/l").size() > 5, "role/term bands");
  }

  @Test
  void toleratesUnknownKindsAndFields() {
    List<String> lines =
        List.of(
            "{\"i\":0,\"tick\":0,\"kind\":\"start\",\"seed\":1,\"nodes\":[\"s1\",\"s2\"],\"future\":true}",
            "{\"i\":1,\"tick\":1,\"kind\":\"teleport\",\"node\":\"s1\"}",
            "{\"i\":2,\"tick\":2,\"kind\":\"send\",\"msgId\":1,\"from\":\"s1\",\"to\":\"s2\",\"message\":{\"type\":\"Ping\"},\"extra\":[1]}",
            "{\"i\":3,\"tick\":4,\"kind\":\"deliver\",\"msgId\":1,\"from\":\"s1\",\"to\":\"s2\",\"message\":{\"type\":\"Ping\"}}");
    ReportSummary s = ReportGenerator.fromTraceLines(lines).writeHtml(dir.resolve("u.html"));
    assertEquals(1, s.arrows());
    assertEquals(2, s.lifelines());
  }

  @Test
  void malformedTraceNamesFileLineAndProblem() throws Exception {
    Path trace = dir.resolve("bad.jsonl");
    Files.write(
        trace, List.of("{\"i\":0,\"tick\":0,\"kind\":\"start\"}", "", "{\"i\":1,\"tick\":"));
    ReportInputException e =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, null, null).html());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith(trace + ":3: not valid JSON"), e.getMessage());

    Files.write(
        trace, List.of("{\"i\":0,\"tick\":0,\"kind\":\"send\",\"from\":\"s1\",\"to\":\"s2\"}"));
    e =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, null, null).html());
    assertEquals(trace + ":1: send: missing \"msgId\"", e.getMessage());

    Files.write(trace, List.of("{\"i\":0,\"tick\":\"soon\",\"kind\":\"end\"}"));
    e =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, null, null).html());
    assertEquals(trace + ":1: \"tick\" must be an integer, found string", e.getMessage());

    Files.write(trace, List.of("[1,2]"));
    e =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, null, null).html());
    assertEquals(trace + ":1: expected a JSON object, found array", e.getMessage());

    Files.write(trace, List.of(""));
    e =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, null, null).html());
    assertEquals(trace + ": empty trace (no events)", e.getMessage());
  }

  @Test
  void explanationMarksOpsAndBadIndicesAreReported() throws Exception {
    SyntheticTrace t = SyntheticTrace.build(5, 300);
    List<String> history = t.history;
    // Find the invoke indices of the first three operations.
    List<Integer> invokes = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      if (JSON.readTree(history.get(i)).get("type").asText().equals("invoke")) {
        invokes.add(i);
      }
    }
    String expl =
        "{\"model\":\"kv\",\"verdict\":\"not-linearizable\",\"partition\":\"k1\","
            + "\"unplaceable\":{\"invokeIndex\":"
            + invokes.get(2)
            + "},"
            + "\"linearizedPrefix\":["
            + invokes.get(0)
            + ","
            + invokes.get(1)
            + "],"
            + "\"stateAfterPrefix\":\"c1-1\",\"concurrent\":["
            + invokes.get(3)
            + "]}";
    JsonNode d =
        data(
            ReportGenerator.fromTraceLines(t.cached)
                .historyLines(history)
                .explanationJson(expl)
                .html());
    List<Integer> marks = new ArrayList<>();
    d.at("/ops/mk").forEach(n -> marks.add(n.asInt()));
    assertEquals(List.of(1, 1, 3, 2), marks.subList(0, 4));
    assertEquals("not-linearizable", d.at("/expl/verdict").asText());

    int completion = 0;
    while (invokes.contains(completion)) {
      completion++;
    }
    String badIndex =
        "{\"verdict\":\"not-linearizable\",\"linearizedPrefix\":[" + completion + "]}";
    Path e = dir.resolve("e.json");
    Files.writeString(e, badIndex);
    Path trace = dir.resolve("t.jsonl");
    Files.write(trace, t.cached);
    ReportInputException x =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, null, e).html());
    assertTrue(
        x.getMessage()
            .startsWith(
                e
                    + ": field \"linearizedPrefix\": "
                    + completion
                    + " is not the index of an invoke"),
        x.getMessage());

    Files.writeString(e, "{\"verdict\": }");
    x =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, null, e).html());
    assertTrue(x.getMessage().startsWith(e + ":1: not valid JSON"), x.getMessage());
  }

  @Test
  void historyFileErrorsNameTheLine() throws Exception {
    Path trace = dir.resolve("t.jsonl");
    Files.write(trace, SyntheticTrace.lines(1, 50));
    Path h = dir.resolve("h.jsonl");
    Files.write(
        h,
        List.of(
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"a\"}",
            "{\"process\":0,\"type\":\"done\",\"f\":\"put\"}"));
    ReportInputException x =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, h, null).html());
    assertEquals(h + ":2: \"type\" must be invoke, ok, fail or info, was \"done\"", x.getMessage());
    Files.write(h, List.of("{\"process\":1,\"type\":\"ok\",\"f\":\"put\"}"));
    x =
        assertThrows(
            ReportInputException.class, () -> ReportGenerator.fromFiles(trace, h, null).html());
    assertEquals(h + ":1: ok for process 1 without a preceding invoke", x.getMessage());
  }
}
