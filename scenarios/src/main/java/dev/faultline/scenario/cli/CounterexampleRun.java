package dev.faultline.scenario.cli;

import dev.faultline.report.ReportGenerator;
import dev.faultline.scenario.explore.CounterexampleFiles;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.explore.Counterexample;
import dev.faultline.sim.explore.CounterexampleReplay;
import dev.faultline.sim.trace.HistoryJson;
import dev.faultline.sim.trace.JsonlTraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code faultline run} of an explorer counterexample file ({@code "kind": "counterexample"}):
 * replayed step by step by the explorer's {@link CounterexampleReplay}, with the same artifacts as
 * a scenario run. Exit 1 when the recorded property breaks again (the counterexample still
 * reproduces), 0 when it no longer does, 4 when the protocol diverged from the recorded path.
 */
final class CounterexampleRun {
  private CounterexampleRun() {}

  static int replay(Path file, String text, Path out, PrintWriter stdout) {
    Counterexample cx = CounterexampleFiles.read(file, text);
    Cluster cluster = CounterexampleFiles.cluster(cx, file.toString());
    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
    Path dir = out != null ? out : Path.of("out", name);
    CounterexampleReplay.Outcome o;
    try {
      Files.createDirectories(dir);
      try (JsonlTraceWriter trace = JsonlTraceWriter.open(dir.resolve("trace.jsonl"))) {
        o = CounterexampleReplay.replay(cluster, cx, trace);
      }
      HistoryJson.write(dir.resolve("history.jsonl"), o.history());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ReportGenerator.fromFiles(dir.resolve("trace.jsonl"), dir.resolve("history.jsonl"), null)
          .title(name)
          .reproduce("./faultline run " + file)
          .writeHtml(dir.resolve("report.html"));
    } catch (RuntimeException e) {
      stdout.println("(report not drawn: " + e.getMessage() + ")");
    }
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
