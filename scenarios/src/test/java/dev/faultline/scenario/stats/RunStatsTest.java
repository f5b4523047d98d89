package dev.faultline.scenario.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.scenario.testkit.Cli;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStatsTest {
  @TempDir Path dir;

  private static HistoryEvent inv(int p, long tick) {
    return HistoryEvent.invoke(p, "put", "k", "v").atTick(tick);
  }

  private static HistoryEvent end(int p, HistoryEvent.Type t, long tick) {
    return HistoryEvent.complete(p, t, "put", "k", "v").atTick(tick);
  }

  /** Five operations with known ticks: every number below is worked out by hand. */
  private static final List<HistoryEvent> KNOWN =
      List.of(
          inv(0, 0),
          inv(1, 5),
          end(0, HistoryEvent.Type.OK, 10),
          inv(0, 20),
          end(0, HistoryEvent.Type.OK, 24),
          end(1, HistoryEvent.Type.FAIL, 25),
          inv(2, 30), // never completes: pending
          inv(1, 40),
          end(1, HistoryEvent.Type.INFO, 100));

  @Test
  void countsLatencyThroughputAndAvailabilityOfAKnownHistory() {
    RunStats s = RunStats.of(KNOWN, 100, null);
    assertEquals(5, s.invoked());
    assertEquals(2, s.ok());
    assertEquals(1, s.fail());
    assertEquals(1, s.info());
    assertEquals(1, s.pending());
    Percentiles ok = s.latencyTicks().get("ok"); // latencies 10 and 4
    assertEquals(2, ok.count());
    assertEquals(4, ok.min());
    assertEquals(4, ok.p50(), "nearest rank: ceil(0.5 * 2) = 1st of [4, 10]");
    assertEquals(10, ok.p90(), "nearest rank: ceil(0.9 * 2) = 2nd");
    assertEquals(10, ok.max());
    assertEquals(7.0, ok.mean());
    assertEquals(20, s.latencyTicks().get("fail").p99());
    assertEquals(60, s.latencyTicks().get("info").max());
    assertEquals(0.4, s.availability());
    assertEquals(20.0, s.okPerKiloTick(), "2 ok in 100 ticks");
    assertNull(s.messages());
  }

  @Test
  void timelineCutsTheRunIntoTwentyWindowsByInvokeAndCompletionTick() {
    RunStats s = RunStats.of(KNOWN, 100, null);
    assertEquals(5, s.windowTicks());
    assertEquals(20, s.timeline().size());
    RunStats.Window w0 = s.timeline().get(0); // invoke at 0, ok
    assertEquals(new RunStats.Window(0, 1, 1, 0), w0);
    assertEquals(1.0, w0.availability());
    assertEquals(new RunStats.Window(5, 1, 0, 0), s.timeline().get(1)); // the fail
    assertEquals(0.0, s.timeline().get(1).availability());
    assertEquals(new RunStats.Window(10, 0, 0, 1), s.timeline().get(2)); // ok completed at 10
    assertEquals(-1.0, s.timeline().get(2).availability(), "nothing invoked: undefined");
    assertEquals(new RunStats.Window(20, 1, 1, 1), s.timeline().get(4));
    long invoked = s.timeline().stream().mapToLong(RunStats.Window::invoked).sum();
    assertEquals(5, invoked);
  }

  @Test
  void percentilesUseNearestRank() {
    long[] hundred = new long[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = 100 - i; // 100..1, unsorted
    }
    Percentiles p = Percentiles.of(hundred);
    assertEquals(50, p.p50());
    assertEquals(90, p.p90());
    assertEquals(95, p.p95());
    assertEquals(99, p.p99());
    assertEquals(1, p.min());
    assertEquals(100, p.max());
    assertEquals(0, Percentiles.of(new long[0]).count());
  }

  private record Ping() implements Message {}

  private record Pong() implements Message {}

  @Test
  void messageCountsSeparateServerTrafficFromClientTraffic() {
    MessageCounts c = new MessageCounts();
    NodeId c1 = NodeId.of("c1");
    NodeId s1 = NodeId.of("s1");
    NodeId s2 = NodeId.of("s2");
    c.accept(new TraceEvent.Send(1, 1, c1, s1, new Ping()));
    c.accept(new TraceEvent.Send(2, 2, s1, s2, new Ping()));
    c.accept(new TraceEvent.Send(3, 3, s2, s1, new Pong()));
    c.accept(new TraceEvent.Send(4, 4, s1, c1, new Pong()));
    c.accept(new TraceEvent.History(0, c1, inv(0, 0))); // c1 records history: a client
    RunStats.Messages m = c.snapshot();
    assertEquals(4, m.total());
    assertEquals(2, m.betweenServers());
    assertEquals(new TreeMap<>(Map.of("Ping", 2L, "Pong", 2L)), m.byType());
    assertEquals(2.0, m.perOperation(2));
  }

  @Test
  void runPrintsStatsAndResultJsonAgreesWithTheTrace() throws Exception {
    Path here = Path.of("library");
    Path file =
        (Files.isDirectory(here) ? here : Path.of("scenarios", "library"))
            .resolve("pb/pb-duplicate-write.json");
    Path out = dir.resolve("run");
    Cli.Run r = Cli.cli("run", file.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("Latency (ticks): ok n="), r.out());
    assertTrue(r.out().contains("Messages: "), r.out());
    JsonNode stats = new ObjectMapper().readTree(out.resolve("result.json").toFile()).get("stats");
    List<String> trace = Files.readAllLines(out.resolve("trace.jsonl"));
    long sends = trace.stream().filter(l -> l.contains("\"kind\":\"send\"")).count();
    assertEquals(sends, stats.at("/messages/total").asLong(), "one count per send in the trace");
    long byType = 0;
    for (JsonNode n : stats.at("/messages/byType")) {
      byType += n.asLong();
    }
    assertEquals(sends, byType);
    List<String> history = Files.readAllLines(out.resolve("history.jsonl"));
    long invokes = history.stream().filter(l -> l.contains("\"type\":\"invoke\"")).count();
    long oks = history.stream().filter(l -> l.contains("\"type\":\"ok\"")).count();
    assertEquals(invokes, stats.at("/operations/invoked").asLong());
    assertEquals(oks, stats.at("/operations/ok").asLong());
    assertEquals(oks, stats.at("/latencyTicks/ok/count").asLong());
    assertTrue(stats.at("/messages/betweenServers").asLong() < sends, stats.toString());
    String report = Files.readString(out.resolve("report.html"));
    assertTrue(report.contains("<details id=\"stats\">"), "the report carries the statistics");
    assertTrue(
        report.contains(invokes + " operations invoked: " + oks + " ok"), "with the run's numbers");
  }
}
