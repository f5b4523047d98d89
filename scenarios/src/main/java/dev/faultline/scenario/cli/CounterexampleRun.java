package dev.faultline.scenario.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.check.run.LinearizabilityInvariant;
import dev.faultline.report.ReportGenerator;
import dev.faultline.scenario.explore.CounterexampleFiles;
import dev.faultline.scenario.run.Artifacts;
import dev.faultline.scenario.run.PropertyCheck;
import dev.faultline.scenario.run.ResultJson;
import dev.faultline.scenario.run.TeeTraceSink;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.explore.Counterexample;
import dev.faultline.sim.explore.CounterexampleReplay;
import dev.faultline.sim.trace.HistoryJson;
import dev.faultline.sim.trace.JsonlTraceWriter;
import dev.faultline.sim.trace.NodeStateLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code faultline run} of an explorer counterexample file ({@code "kind": "counterexample"}):
 * replayed step by step by the explorer's {@link CounterexampleReplay}, with the same artifacts as
 * a scenario run. Exit 1 when the recorded property breaks again (the counterexample still
 * reproduces), 0 when it no longer does, 4 when the protocol diverged from the recorded path.
 */
final class CounterexampleRun {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CounterexampleRun() {}

  /**
   * The replay's verdict: each invariant checked along the path, with no seed (a path of steps has
   * none) and the counterexample file as its origin.
   */
  static String resultJson(
      Path file, Counterexample cx, Cluster cluster, CounterexampleReplay.Outcome o) {
    ObjectNode r = JSON.createObjectNode();
    r.put("origin", "explorer counterexample " + file + " (" + cx.steps().size() + " steps)");
    r.putNull("seed");
    r.put("protocol", cx.protocol());
    r.put("variant", cx.variant());
    r.put("expect", cx.property());
    r.put("expectationMet", o.reproduced(cx));
    r.put("property", o.property());
    List<PropertyCheck> checks = new ArrayList<>();
    String along = "along the " + o.stepsApplied() + " steps replayed";
    if (o.diverged()) {
      checks.add(new PropertyCheck("Replay", "run", PropertyCheck.INCONCLUSIVE, o.message()));
    }
    if (o.property() != null) {
      checks.add(
          new PropertyCheck(
              o.property(),
              "invariant",
              PropertyCheck.VIOLATED,
              "after step " + o.stepsApplied() + ": " + o.message()));
    }
    for (var inv : cluster.invariants()) {
      if (!inv.name().equals(o.property())) {
        checks.add(new PropertyCheck(inv.name(), "invariant", PropertyCheck.HELD, "held " + along));
      }
    }
    ResultJson.putChecks(r, checks);
    try {
      return JSON.writeValueAsString(r) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static int replay(Path file, String text, Path out, PrintWriter stdout) {
    Counterexample cx = CounterexampleFiles.read(file, text);
    Cluster cluster = withLinearizability(cx, CounterexampleFiles.cluster(cx, file.toString()));
    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
    Path dir = out != null ? out : Path.of("out", name);
    OutputPaths.requireDirectory("--out", dir);
    CounterexampleReplay.Outcome o = replayInto(dir, file, cx, cluster);
    drawReport(dir, file, name, stdout);
    return printVerdict(file, cx, o, dir, stdout);
  }

  /**
   * The cluster's invariants, plus the per-state linearizability check the explorer ran when that
   * is what the file reports (the protocol's invariants alone never see a stale read).
   */
  private static Cluster withLinearizability(Counterexample cx, Cluster cluster) {
    if (!LINEARIZABILITY.equals(cx.property())) {
      return cluster;
    }
    List<Invariant> all = new ArrayList<>(cluster.invariants());
    all.add(new LinearizabilityInvariant());
    return new Cluster(cluster.nodes(), cluster.servers(), cluster.clients(), all);
  }

  private static final String LINEARIZABILITY = new LinearizabilityInvariant().name();

  /** Replays the path, writing the trace, history and verdict into {@code dir}. */
  private static CounterexampleReplay.Outcome replayInto(
      Path dir, Path file, Counterexample cx, Cluster cluster) {
    CounterexampleReplay.Outcome o;
    try {
      Files.createDirectories(dir);
      NodeStateLog states = new NodeStateLog();
      try (JsonlTraceWriter trace = JsonlTraceWriter.open(dir.resolve("trace.jsonl"))) {
        o = CounterexampleReplay.replay(cluster, cx, new TeeTraceSink(List.of(trace, states)));
      }
      states.write(dir.resolve(Artifacts.STATES));
      HistoryJson.write(dir.resolve("history.jsonl"), o.history());
      Files.writeString(dir.resolve("result.json"), resultJson(file, cx, cluster, o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return o;
  }

  /** The space-time report of the replay; a report that cannot be drawn is said, not fatal. */
  private static void drawReport(Path dir, Path file, String name, PrintWriter stdout) {
    try {
      ReportGenerator.fromFiles(dir.resolve("trace.jsonl"), dir.resolve("history.jsonl"), null)
          .result(dir.resolve("result.json"))
          .title(name)
          .reproduce("./faultline run " + file)
          .writeHtml(dir.resolve("report.html"));
    } catch (RuntimeException e) {
      stdout.println("(report not drawn: " + e.getMessage() + ")");
    }
  }

  /** Says whether the counterexample reproduced, diverged or no longer does; the exit code. */
  private static int printVerdict(
      Path file, Counterexample cx, CounterexampleReplay.Outcome o, Path dir, PrintWriter stdout) {
    String what =
        cx.protocol()
            + (cx.variant() == null ? "" : " variant " + cx.variant())
            + ", "
            + cx.servers()
            + " servers, "
            + cx.steps().size()
            + " steps";
    if (o.diverged()) {
      stdout.println(
          "Explorer counterexample "
              + file
              + " ("
              + what
              + ") DIVERGED after "
              + o.stepsApplied()
              + " steps: "
              + o.message()
              + " Artifacts: "
              + dir);
      return ExitCodes.NONDETERMINISM;
    }
    if (o.reproduced(cx)) {
      stdout.println(
          "Explorer counterexample "
              + file
              + " ("
              + what
              + ") reproduces: VIOLATED "
              + o.property()
              + " after step "
              + o.stepsApplied()
              + ": "
              + o.message()
              + " Reproduce: ./faultline run "
              + file
              + ". Artifacts: "
              + dir);
      return ExitCodes.VIOLATION;
    }
    stdout.println(
        "Explorer counterexample "
            + file
            + " ("
            + what
            + ") no longer reproduces: "
            + (o.property() == null ? "no property broke" : o.property() + " broke instead")
            + " along the recorded "
            + o.stepsApplied()
            + " steps. Artifacts: "
            + dir);
    return o.property() == null ? ExitCodes.OK : ExitCodes.VIOLATION;
  }
}
