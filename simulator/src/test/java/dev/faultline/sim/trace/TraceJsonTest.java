package dev.faultline.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceJsonTest {
  static final NodeId S1 = NodeId.of("s1");
  static final NodeId S2 = NodeId.of("s2");

  enum Role {
    LEADER
  }

  record Entry(long term, String command) {}

  record Append(long term, NodeId leader, List<Entry> entries, Role role, String type)
      implements Message {}

  record Election() implements Timer {}

  record Unordered(Set<String> tags, Map<String, Integer> counts) implements Message {}

  @Test
  void sendLineHasIndexTickKindThenFieldsInDeclarationOrder() {
    var send =
        new TraceEvent.Send(
            7, 3, S1, S2, new Append(2, S1, List.of(new Entry(1, "x")), Role.LEADER, "t"));
    assertEquals(
        "{\"i\":5,\"tick\":7,\"kind\":\"send\",\"msgId\":3,\"from\":\"s1\",\"to\":\"s2\","
            + "\"message\":{\"type\":\"Append\",\"term\":2,\"leader\":\"s1\","
            + "\"entries\":[{\"type\":\"Entry\",\"term\":1,\"command\":\"x\"}],"
            + "\"role\":\"LEADER\",\"_type\":\"t\"}}",
        TraceJson.line(5, send));
  }

  @Test
  void everyKindWritesItsContractFields() {
    List<TraceEvent> events =
        List.of(
            new TraceEvent.RunStart(0, 42, "raft", null, "demo", List.of(S1, S2)),
            new TraceEvent.TimerFire(3, S1, new Election()),
            new TraceEvent.Drop(4, 1, S1, S2, "partition"),
            new TraceEvent.Duplicate(4, 1, 2, S1, S2),
            new TraceEvent.Hold(4, 1, S1, S2, 900),
            new TraceEvent.Partition(5, List.of(new TraceEvent.Link(S1, S2)), "block s1->s2"),
            new TraceEvent.ClockChange(6, S2, 30, 50_000, 30, false),
            new TraceEvent.History(
                12, NodeId.of("c1"), HistoryEvent.invoke(0, "put", "k1", "c1-1").atTick(12)),
            new TraceEvent.Violation(13, "ElectionSafety", "two leaders", 7),
            new TraceEvent.RunEnd(14, "time limit"));
    String jsonl = TraceJson.toJsonl(events);
    String[] lines = jsonl.split("\n");
    assertEquals(events.size(), lines.length);
    assertTrue(jsonl.endsWith("\n"));
    assertEquals(
        "{\"i\":0,\"tick\":0,\"kind\":\"start\",\"seed\":42,\"protocol\":\"raft\","
            + "\"variant\":null,\"scenario\":\"demo\",\"nodes\":[\"s1\",\"s2\"]}",
        lines[0]);
    assertEquals(
        "{\"i\":1,\"tick\":3,\"kind\":\"timer\",\"node\":\"s1\",\"timer\":{\"type\":\"Election\"}}",
        lines[1]);
    assertEquals(
        "{\"i\":5,\"tick\":5,\"kind\":\"partition\",\"blocked\":[{\"from\":\"s1\",\"to\":\"s2\"}],"
            + "\"description\":\"block s1->s2\"}",
        lines[5]);
    assertEquals(
        "{\"i\":6,\"tick\":6,\"kind\":\"clock\",\"node\":\"s2\",\"offsetTicks\":30,"
            + "\"driftPpm\":50000,\"errorTicks\":30,\"withinBound\":false}",
        lines[6]);
    assertEquals(
        "{\"i\":7,\"tick\":12,\"kind\":\"history\",\"node\":\"c1\",\"event\":{\"process\":0,"
            + "\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k1\",\"value\":\"c1-1\",\"time\":12}}",
        lines[7]);
    assertEquals(
        "{\"i\":8,\"tick\":13,\"kind\":\"violation\",\"property\":\"ElectionSafety\","
            + "\"message\":\"two leaders\",\"afterEvent\":7}",
        lines[8]);
  }

  @Test
  void hashOrderedCollectionsAreWrittenSorted() {
    var a = new Unordered(new java.util.HashSet<>(List.of("b", "a", "c")), Map.of("y", 2, "x", 1));
    var b =
        new Unordered(
            new java.util.TreeSet<>(List.of("c", "b", "a")), new TreeMap<>(Map.of("x", 1, "y", 2)));
    assertEquals(
        "{\"type\":\"Unordered\",\"tags\":[\"a\",\"b\",\"c\"],\"counts\":{\"x\":1,\"y\":2}}",
        TraceJson.valueJson(a));
    assertEquals(TraceJson.valueJson(a), TraceJson.valueJson(b));
  }

  @Test
  void allSinksProduceTheSameBytes(@TempDir Path dir) throws Exception {
    InMemoryTrace memory = new InMemoryTrace();
    HashingTraceSink hashing = new HashingTraceSink();
    StringWriter text = new StringWriter();
    Path file = dir.resolve("trace.jsonl");
    try (JsonlTraceWriter writer = new JsonlTraceWriter(text);
        JsonlTraceWriter fileWriter = JsonlTraceWriter.open(file)) {
      for (int k = 0; k < 50; k++) {
        TraceEvent e =
            new TraceEvent.Deliver(k, k, S1, S2, new Append(k, S2, List.of(), Role.LEADER, "é"));
        memory.accept(e);
        hashing.accept(e);
        writer.accept(e);
        fileWriter.accept(e);
      }
    }
    assertEquals(memory.toJsonl(), text.toString());
    assertEquals(memory.toJsonl(), Files.readString(file));
    assertEquals(memory.sha256(), hashing.hex());
    var digest = java.security.MessageDigest.getInstance("SHA-256");
    assertEquals(
        java.util.HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file))), hashing.hex());
    assertEquals(50, hashing.count());
    assertEquals(memory.lines().get(49), TraceJson.line(49, memory.events().get(49)));
  }

  @Test
  void historyRoundTripsWithNullValuesAndOptionalTime(@TempDir Path dir) throws Exception {
    List<HistoryEvent> h =
        List.of(
            HistoryEvent.invoke(0, "put", "k1", "c1-1").atTick(3),
            HistoryEvent.invoke(1, "get", "k1", null),
            HistoryEvent.complete(0, HistoryEvent.Type.OK, "put", "k1", "c1-1").atTick(9),
            HistoryEvent.complete(1, HistoryEvent.Type.INFO, "get", "k1", null));
    Path file = dir.resolve("history.jsonl");
    HistoryJson.write(file, h);
    assertEquals(
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k1\",\"value\":\"c1-1\",\"time\":3}\n"
            + "{\"process\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k1\",\"value\":null}\n",
        String.join("\n", Files.readAllLines(file).subList(0, 2)) + "\n");
    assertEquals(h, HistoryJson.read(file));
  }

  @Test
  void malformedHistoryNamesSourceLineAndProblem() {
    String text =
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\"}\n"
            + "\n"
            + "{\"process\":0,\"type\":\"done\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\"}\n";
    var e =
        assertThrows(
            HistoryJson.HistoryFormatException.class,
            () -> HistoryJson.read(new BufferedReader(new StringReader(text)), "h.jsonl"));
    assertEquals(
        "h.jsonl:3: \"type\" must be invoke, ok, fail or info, was \"done\"", e.getMessage());
    var unknown =
        assertThrows(
            HistoryJson.HistoryFormatException.class,
            () -> HistoryJson.parseLine("{\"process\":0,\"typo\":1}", "h", 1));
    assertTrue(
        unknown.getMessage().startsWith("h:1: unknown field \"typo\""), unknown.getMessage());
    var broken =
        assertThrows(
            HistoryJson.HistoryFormatException.class, () -> HistoryJson.parseLine("{", "h", 4));
    assertTrue(broken.getMessage().startsWith("h:4: not valid JSON"), broken.getMessage());
    assertTrue(!broken.getMessage().contains("\n"));
  }
}
