package dev.faultline.scenario.run;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.stats.MessageCounts;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.trace.HashingTraceSink;
import dev.faultline.sim.trace.HistoryJson;
import dev.faultline.sim.trace.JsonlTraceWriter;
import dev.faultline.sim.trace.NodeStateLog;
import dev.faultline.sim.trace.TraceSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario file with the run semantics of {@link ClusterRun} (where they live, below the
 * protocols, so protocol tests use the same), adding what a file run has: the protocol looked up in
 * the registry, the trace written and hashed, and the artifacts (trace, node states, history,
 * result, linearizability explanation) in the output directory.
 *
 * <p>A run is single-threaded and deterministic; several runners may run on different threads.
 */
public final class ScenarioRunner {
  /** The property reported when a node's handler throws (an assertion in protocol code). */
  public static final String EXCEPTION = ClusterRun.EXCEPTION;

  private ScenarioRunner() {}

  public static ScenarioResult run(Scenario s) {
    return run(s, RunOptions.DEFAULT);
  }

  public static ScenarioResult run(Scenario s, RunOptions options) {
    return run(s, options, TraceSink.NONE);
  }

  /**
   * Runs {@code s}; {@code extraSink} also receives every trace event (e.g. an in-memory trace for
   * tests or the report).
   */
  public static ScenarioResult run(Scenario s, RunOptions options, TraceSink extraSink) {
    ClusterSpec spec = options.registry().byName(s.protocol());
    if (spec == null) {
      throw new UserError("unknown protocol '" + s.protocol() + "'");
    }
    RunPlan plan = plan(s, spec);
    List<TraceSink> sinks = new ArrayList<>();
    JsonlTraceWriter fileSink = null;
    HashingTraceSink hash = null;
    NodeStateLog states = null;
    MessageCounts messages = null;
    try {
      if (options.outDir() != null) {
        Files.createDirectories(options.outDir());
        fileSink = JsonlTraceWriter.open(options.outDir().resolve("trace.jsonl"));
        sinks.add(fileSink);
        states = new NodeStateLog();
        sinks.add(states);
        messages = new MessageCounts(); // the run is traced anyway: counting is nearly free
        sinks.add(messages);
      }
      if (options.hashTrace() || options.outDir() != null) {
        hash = new HashingTraceSink();
        sinks.add(hash);
      }
      if (extraSink != null) {
        sinks.add(extraSink);
      }
      TraceSink sink = sinks.isEmpty() ? TraceSink.NONE : new TeeTraceSink(sinks);
      ClusterRun.Result run =
          ClusterRun.run(
              plan, sink, ClusterRun.Options.DEFAULT.withBudget(options.linearizabilityBudget()));
      if (fileSink != null) {
        fileSink.close();
        fileSink = null;
      }
      ScenarioResult result = result(s, run, hash, messages);
      if (options.outDir() != null) {
        writeArtifacts(options.outDir(), result);
        states.write(options.outDir().resolve(Artifacts.STATES));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (fileSink != null) {
        try {
          fileSink.close();
        } catch (IOException ignored) {
          // already failing; the first error is the one to report
        }
      }
    }
  }

  /** The run plan of scenario {@code s} for {@code spec}: what {@link ClusterRun} runs. */
  public static RunPlan plan(Scenario s, ClusterSpec spec) {
    return new RunPlan(
        spec,
        new ClusterParams(s.nodes(), s.variant(), s.clientOps(), s.options()),
        s.name(),
        s.seed(),
        s.network(),
        s.clock(),
        s.faults(),
        s.durationTicks(),
        s.stabilizeTicks(),
        s.maxEvents());
  }

  private static ScenarioResult result(
      Scenario s, ClusterRun.Result run, HashingTraceSink hash, MessageCounts messages) {
    Verdict verdict =
        run.property() != null
            ? Verdict.VIOLATION
            : run.inconclusive() ? Verdict.INCONCLUSIVE : Verdict.PASS;
    return new ScenarioResult(
        s,
        verdict,
        run.property(),
        run.message(),
        run.violationTick(),
        run.outcome(),
        run.history(),
        run.linearizabilityJson(),
        hash == null ? null : hash.hex(),
        hash == null ? 0 : hash.count(),
        run.progressLimit(),
        run.cluster().invariants().stream().map(Invariant::name).toList(),
        messages == null ? null : messages.snapshot());
  }

  private static void writeArtifacts(Path dir, ScenarioResult result) throws IOException {
    HistoryJson.write(dir.resolve("history.jsonl"), result.history());
    Files.writeString(dir.resolve("result.json"), ResultJson.toJson(result));
    if (result.linearizability() != null) {
      Files.writeString(dir.resolve("linearizability.json"), result.linearizability() + "\n");
    }
  }
}
