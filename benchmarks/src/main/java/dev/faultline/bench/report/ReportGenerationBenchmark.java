package dev.faultline.bench.report;

import dev.faultline.report.ReportGenerator;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.trace.InMemoryTrace;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to turn a real ~100,000-event Raft trace (faulty network, crashes, a partition, two clients)
 * into an HTML report, from JSON lines in memory to the page string. Setup prints the trace's event
 * count and the page size.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'bench.report' -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ReportGenerationBenchmark {
  static final int TARGET_EVENTS = 100_000;

  List<String> lines;

  static String scenario(long durationTicks) {
    return "{\"name\": \"bench-report-raft\", \"description\": \"a long faulty Raft run.\","
        + " \"protocol\": \"raft\", \"nodes\": 3, \"clients\": 2,"
        + " \"workload\": {\"ops\": "
        + durationTicks / 40
        + ", \"keys\": 3, \"mix\": {\"get\": 0.3, \"put\": 0.3, \"append\": 0.4}, \"thinkTicks\": 20},"
        + " \"network\": {\"latency\": {\"minTicks\": 1, \"maxTicks\": 8}, \"dropRate\": 0.02,"
        + " \"duplicateRate\": 0.01, \"reorderRate\": 0.0, \"reorderTicksMax\": 0, \"holdRate\": 0.005,"
        + " \"holdTicksMin\": 50, \"holdTicksMax\": 300},"
        + " \"faults\": [{\"at\": "
        + durationTicks / 4
        + ", \"type\": \"isolate\", \"node\": \"s1\"}, {\"at\": "
        + durationTicks / 3
        + ", \"type\": \"heal\"}, {\"at\": "
        + durationTicks / 2
        + ", \"type\": \"crash\", \"node\": \"s2\"}, {\"at\": "
        + durationTicks * 3 / 5
        + ", \"type\": \"restart\", \"node\": \"s2\"}],"
        + " \"seed\": 7, \"durationTicks\": "
        + durationTicks
        + ", \"expect\": \"pass\"}";
  }

  /** A real Raft trace of at least {@code events} events (the run is lengthened until it is). */
  static List<String> raftTrace(int events) {
    ScenarioReader reader = new ScenarioReader(ProtocolRegistry.DEFAULT);
    for (long ticks = 4_000; ; ticks *= 2) {
      Scenario s = reader.parse(scenario(ticks), "bench-report-raft.json");
      InMemoryTrace trace = new InMemoryTrace();
      ScenarioRunner.run(s, RunOptions.DEFAULT, trace);
      if (trace.size() >= events || ticks > 10_000_000) {
        List<String> all = trace.lines();
        return all.size() > events ? all.subList(0, events) : all;
      }
    }
  }

  @Setup
  public void setup() {
    lines = raftTrace(TARGET_EVENTS);
    String html = ReportGenerator.fromTraceLines(lines).html();
    System.out.printf(
        "%nreport bench: %d trace events, %d bytes of JSON lines -> %d bytes of HTML%n",
        lines.size(), lines.stream().mapToLong(l -> l.length() + 1).sum(), html.length());
  }

  @Benchmark
  public String generate() {
    return ReportGenerator.fromTraceLines(lines).html();
  }
}
