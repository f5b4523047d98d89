package dev.faultline.scenario.cli;

import dev.faultline.scenario.explore.ExploreRun;
import dev.faultline.sim.explore.ExploreBounds;
import dev.faultline.sim.explore.ExploreOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline explore}: exhaustive (or seeded random) search of a small configuration. */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    description = {
      "Model-check a small configuration of a protocol: every interleaving of deliveries and"
          + " timers, plus bounded faults, checking invariants and linearizability on every"
          + " state. A violation is saved as a counterexample that 'faultline run' replays.",
      "Exit 0: space exhausted (or goal reached) with no violation; 1: violation;"
          + " 2: bad usage; 3: a bound or --time ended the search first; 4: nondeterminism."
    })
public final class ExploreCommand implements Callable<Integer> {
  /** More worker threads than this is a typo, not a machine. */
  private static final int MAX_THREADS = 256;

  @Spec CommandSpec spec;

  @Option(names = "--protocol", required = true, paramLabel = "P", description = "raft, pb, ...")
  String protocol;

  @Option(names = "--variant", paramLabel = "V", description = "bug variant (default: correct)")
  String variant;

  @Option(
      names = "--strategy",
      paramLabel = "S",
      defaultValue = "bfs",
      description = "bfs (shortest counterexample), dfs or random (default ${DEFAULT-VALUE})")
  String strategy;

  @Option(names = "--servers", defaultValue = "3", paramLabel = "N")
  int servers;

  @Option(names = "--clients", defaultValue = "1", paramLabel = "N")
  int clients;

  @Option(
      names = "--ops",
      defaultValue = "1",
      paramLabel = "N",
      description = "operations per client: put x, get x, put x, ... (default ${DEFAULT-VALUE})")
  int ops;

  @Option(names = "--max-depth", defaultValue = "60", paramLabel = "D")
  int maxDepth;

  @Option(names = "--max-states", defaultValue = "2000000", paramLabel = "N")
  long maxStates;

  @Option(
      names = "--time",
      paramLabel = "T",
      converter = Durations.class,
      description = "wall-clock budget: 60s, 5m, 500ms")
  Long timeMillis;

  @Option(names = "--max-crashes", defaultValue = "0", paramLabel = "N")
  int maxCrashes;

  @Option(names = "--max-drops", defaultValue = "0", paramLabel = "N")
  int maxDrops;

  @Option(
      names = "--max-partitions",
      defaultValue = "0",
      paramLabel = "N",
      description = "isolations of one server per path (heals are free)")
  int maxPartitions;

  @Option(names = "--max-clock-steps", defaultValue = "0", paramLabel = "N")
  int maxClockSteps;

  @Option(
      names = "--max-link-cuts",
      defaultValue = "0",
      paramLabel = "N",
      description = "one-way link cuts (block from->to) per path (heals are free)")
  int maxLinkCuts;

  @Option(
      names = "--max-timer-repeats",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "smaller model: a timer fires at most N times on a node with no delivery to it in"
              + " between (0 = unbounded)")
  int maxTimerRepeats;

  @Option(
      names = "--max-in-flight-per-link",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "smaller model: no step leaves more than N unread messages on a link it sent on"
              + " (0 = unbounded)")
  int maxInFlightPerLink;

  @Option(
      names = "--max-timer-fires",
      defaultValue = "0",
      paramLabel = "N",
      description = "smaller model: timer firings per path (0 = unbounded)")
  int maxTimerFires;

  @Option(names = "--clock-step-ticks", defaultValue = "100", paramLabel = "T")
  long clockStepTicks;

  @Option(names = "--clock-uncertainty-ticks", defaultValue = "0", paramLabel = "T")
  long clockUncertaintyTicks;

  @Option(names = "--duplicates", description = "the network may deliver a message again")
  boolean duplicates;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random walks")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "T",
      description =
          "BFS worker threads (default ${DEFAULT-VALUE}); the result is identical for any count")
  int threads;

  @Option(names = "--check-determinism", description = "re-run every handler on a fresh copy")
  boolean checkDeterminism;

  @Option(
      names = "--no-linearizability",
      description = "skip the per-state linearizability check of the client history")
  boolean noLinearizability;

  @Option(names = "--option", paramLabel = "K=V", description = "protocol option (repeatable)")
  Map<String, String> options = new TreeMap<>();

  @Option(
      names = "--out",
      defaultValue = "out",
      paramLabel = "DIR",
      description = "where a counterexample is written (default ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() {
    ExploreOptions.Strategy s =
        switch (strategy) {
          case "bfs" -> ExploreOptions.Strategy.BFS;
          case "dfs" -> ExploreOptions.Strategy.DFS;
          case "random" -> ExploreOptions.Strategy.RANDOM;
          default ->
              throw new UserError(
                  "--strategy: expected bfs, dfs or random, got '" + strategy + "'");
        };
    requireAtLeast("--threads", threads, 1);
    if (threads > MAX_THREADS) {
      throw new UserError("--threads: must be <= " + MAX_THREADS + ", was " + threads);
    }
    if (threads > 1 && s != ExploreOptions.Strategy.BFS) {
      throw new UserError("--threads: only bfs runs in parallel (got --strategy " + strategy + ")");
    }
    requireAtLeast("--servers", servers, 1);
    requireAtLeast("--clients", clients, 0);
    requireAtLeast("--ops", ops, 0);
    requireAtLeast("--max-depth", maxDepth, 0);
    requireAtLeast("--max-states", maxStates, 1);
    requireAtLeast("--max-crashes", maxCrashes, 0);
    requireAtLeast("--max-drops", maxDrops, 0);
    requireAtLeast("--max-partitions", maxPartitions, 0);
    requireAtLeast("--max-clock-steps", maxClockSteps, 0);
    requireAtLeast("--max-link-cuts", maxLinkCuts, 0);
    requireAtLeast("--max-timer-repeats", maxTimerRepeats, 0);
    requireAtLeast("--max-in-flight-per-link", maxInFlightPerLink, 0);
    requireAtLeast("--max-timer-fires", maxTimerFires, 0);
    requireAtLeast("--clock-step-ticks", clockStepTicks, 1);
    requireAtLeast("--clock-uncertainty-ticks", clockUncertaintyTicks, 0);
    // Built from the defaults so options added to the record later keep their default here.
    ExploreOptions explore =
        ExploreOptions.defaults()
            .withStrategy(s)
            .withMaxDepth(maxDepth)
            .withMaxStates(maxStates)
            .withTimeLimitMillis(timeMillis == null ? 0 : timeMillis)
            .withFaults(maxCrashes, maxDrops, maxPartitions, maxClockSteps)
            .withClock(clockStepTicks, clockUncertaintyTicks)
            .withDuplicates(duplicates)
            .withSeed(seed)
            .withCheckDeterminism(checkDeterminism)
            .withStopAtGoal(false)
            .withLinkCuts(maxLinkCuts)
            .withBounds(new ExploreBounds(maxTimerRepeats, maxInFlightPerLink, maxTimerFires));
    ExploreRun run =
        new ExploreRun(
                protocol,
                variant,
                servers,
                clients,
                ops,
                new TreeMap<>(options),
                explore,
                !noLinearizability)
            .withThreads(threads);
    OutputPaths.requireDirectory("--out", out);
    // Progress lines only for a person watching: off when stderr is not a terminal (CI, pipes).
    boolean terminal = System.console() != null;
    return run.execute(out, spec.commandLine().getOut(), spec.commandLine().getErr(), terminal);
  }

  private static void requireAtLeast(String flag, long value, long min) {
    if (value < min) {
      throw new UserError(flag + ": must be >= " + min + ", was " + value);
    }
  }
}
