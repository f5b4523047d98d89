package dev.faultline.scenario.explore;

import dev.faultline.scenario.cli.UserError;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.explore.Counterexample;
import dev.faultline.sim.explore.ExploreResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * {@code faultline explore} with no model flags: hunts with a {@link HuntPlan} under a time and a
 * memory budget, prints each stage (model, states, time, outcome), writes the counterexample of the
 * stage that found one and a JSON summary of every stage ({@code explore-<protocol>[-<variant>]
 * -hunt.json}). Exit 1 on a violation; 0 when every stage exhausted its space; 3 when a stage's
 * state budget, the memory budget or the time ended it first.
 */
public final class HuntRun {
  /**
   * Heap per distinct state the budget assumes: BFS holds the visited set, parent pointers and the
   * frontier of full states; measured at about 1.2 KB per distinct state on Raft (1,367 MB of heap
   * in use at 1.13M states, frontier and garbage included).
   */
  public static final long BYTES_PER_STATE = 1200;

  private final String protocol;
  private final String variant;
  private final SortedMap<String, String> options;
  private final boolean linearizability;
  private final int threads;

  public HuntRun(
      String protocol,
      String variant,
      SortedMap<String, String> options,
      boolean linearizability,
      int threads) {
    this.protocol = protocol;
    this.variant = variant;
    this.options = options;
    this.linearizability = linearizability;
    this.threads = threads;
  }

  /** The default memory budget: three quarters of the JVM's maximum heap. */
  public static long defaultMemoryBytes() {
    return Runtime.getRuntime().maxMemory() / 4 * 3;
  }

  /** The stages and their outcomes, for tests. */
  public List<Hunt.StageOutcome> hunt(long timeMillis, long memoryBytes) {
    ClusterSpec spec = ExploreRun.specFor(protocol, variant);
    return new Hunt(spec, variant, linearizability, threads)
        .run(
            HuntPlan.of(spec, variant, options),
            timeMillis,
            memoryBytes / BYTES_PER_STATE,
            null,
            null);
  }

  /** Hunts, prints, writes the files into {@code out}; returns the exit code. */
  public int execute(Path out, PrintWriter stdout, long timeMillis, long memoryBytes) {
    ClusterSpec spec = ExploreRun.specFor(protocol, variant);
    List<HuntStage> plan = HuntPlan.of(spec, variant, options);
    long memoryStates = memoryBytes / BYTES_PER_STATE;
    stdout.printf(
        Locale.ROOT,
        "faultline explore %s (hunt: %d BFS stages; time budget %d s; memory"
            + " budget %d MB = %d distinct states per stage)%n",
        protocol + (variant == null ? "" : " " + variant),
        plan.size(),
        timeMillis / 1000,
        memoryBytes >> 20,
        memoryStates);
    stdout.flush();
    List<Hunt.StageOutcome> done;
    Hunt hunt = new Hunt(spec, variant, linearizability, threads);
    try {
      done =
          hunt.run(
              plan,
              timeMillis,
              memoryStates,
              s -> announce(stdout, plan, s),
              o -> stdout.println("    -> " + HuntSummary.outcomeLine(o)));
    } catch (OutOfMemoryError e) {
      throw new UserError(
          "explore: the JVM heap ran out before the memory budget ("
              + (memoryBytes >> 20)
              + " MB) was reached; lower --max-memory or give the JVM more heap (-Xmx)");
    }
    HuntSummary summary =
        new HuntSummary(
            protocol, variant, timeMillis, memoryBytes, plan.size() - hunt.skipped(), done);
    stdout.println("  result: " + summary.verdict());
    Hunt.StageOutcome last = done.getLast();
    String summaryFile = "explore-" + protocol + (variant == null ? "" : "-" + variant) + "-hunt";
    CounterexampleFiles.write(out, summaryFile + ".json", summary.toJson());
    stdout.println("  stages: " + out.resolve(summaryFile + ".json"));
    if (last.found() && !last.result().path().isEmpty()) {
      ExploreResult r = last.result();
      HuntStage s = last.stage();
      Counterexample cx =
          Counterexample.of(
              protocol, variant, s.servers(), s.workload(), s.options(), last.explore(), r);
      String json = summary.withHunt(cx.toJson(r.path()));
      ExploreRun.writeCounterexample(out, stdout, protocol, variant, json, r);
    }
    return summary.exitCode();
  }

  private static void announce(PrintWriter stdout, List<HuntStage> plan, HuntStage s) {
    stdout.printf(
        Locale.ROOT,
        "  stage %d/%d (%s): %s; budget %s%n",
        plan.indexOf(s) + 1,
        plan.size(),
        s.origin(),
        s.describe(),
        s.stateBudget() == Long.MAX_VALUE
            ? "the memory budget"
            : s.stateBudget() + " distinct states");
    stdout.flush();
  }
}
