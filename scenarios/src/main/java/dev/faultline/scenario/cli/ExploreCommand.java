package dev.faultline.scenario.cli;

import dev.faultline.scenario.explore.ExploreRun;
import dev.faultline.scenario.explore.HuntRun;
import dev.faultline.sim.explore.ExploreBounds;
import dev.faultline.sim.explore.ExploreOptions;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline explore}: exhaustive (or seeded random) search of a small configuration. */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    defaultValueProvider = CommandDefaults.Explore.class,
    description = {
      "Model-check a small configuration of a protocol: every interleaving of deliveries and"
          + " timers, plus bounded faults, checking invariants and linearizability on every"
          + " state. A violation is saved as a counterexample that 'faultline run' replays.",
      "With no flag that shapes the model (only --protocol, --variant, --option, --time,"
          + " --max-memory, --threads, --out, --no-linearizability) it hunts: BFS stages from the"
          + " model the protocol declares for the variant (a staged one deepening its timer"
          + " firings), the"
          + " other declared models, then generic ones, until a violation or the budgets; every"
          + " stage is printed and saved.",
      "Exit 0: space exhausted (or goal reached) with no violation; 1: violation;"
          + " 2: bad usage; 3: a bound or --time ended the search first; 4: nondeterminism."
    })
public final class ExploreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ProtocolMixin proto;
  @Mixin SizeMixin size;
  @Mixin OutMixin outOption;
  @Mixin ThreadsMixin threadsOption;

  @Option(
      names = "--strategy",
      paramLabel = "S",
      defaultValue = "bfs",
      description = "bfs (shortest counterexample), dfs or random (default ${DEFAULT-VALUE})")
  String strategy;

  @Option(
      names = "--max-depth",
      defaultValue = "60",
      paramLabel = "D",
      description = "steps per path (default: ${DEFAULT-VALUE})")
  int maxDepth;

  @Option(
      names = "--max-states",
      defaultValue = "2000000",
      paramLabel = "N",
      description = "states to visit before stopping (default: ${DEFAULT-VALUE})")
  long maxStates;

  @Option(
      names = "--time",
      paramLabel = "T",
      converter = Durations.class,
      description = "wall-clock budget: 60s, 5m, 500ms (default: none)")
  Long timeMillis;

  @Option(
      names = "--max-memory",
      paramLabel = "SIZE",
      converter = ByteSizes.class,
      description =
          "heap the search may use: 512m, 2g; each search stops at the states it allows, with"
              + " one line saying so (default: three quarters of the JVM heap)")
  Long maxMemoryBytes;

  @Option(
      names = "--max-crashes",
      defaultValue = "0",
      paramLabel = "N",
      description = "crashes per path (default: ${DEFAULT-VALUE})")
  int maxCrashes;

  @Option(
      names = "--max-drops",
      defaultValue = "0",
      paramLabel = "N",
      description = "message drops per path (default: ${DEFAULT-VALUE})")
  int maxDrops;

  @Option(
      names = "--max-partitions",
      defaultValue = "0",
      paramLabel = "N",
      description = "isolations of one server per path, heals are free (default: ${DEFAULT-VALUE})")
  int maxPartitions;

  @Option(
      names = "--max-clock-steps",
      defaultValue = "0",
      paramLabel = "N",
      description = "clock steps per path (default: ${DEFAULT-VALUE})")
  int maxClockSteps;

  @Option(
      names = "--max-clock-choices",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "clock choices per path: each moves one non-client node's reading so true time sits at its"
              + " lower bound, centre or upper bound; needs --clock-uncertainty-ticks > 0"
              + " (default: ${DEFAULT-VALUE}, every reading centred on true time)")
  int maxClockChoices;

  @Option(
      names = "--max-link-cuts",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "one-way link cuts (block from->to) per path, heals are free (default: ${DEFAULT-VALUE})")
  int maxLinkCuts;

  @Option(
      names = "--max-timer-repeats",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "smaller model: a timer fires at most N times on a node with no delivery to it in"
              + " between (0 = unbounded; default: ${DEFAULT-VALUE})")
  int maxTimerRepeats;

  @Option(
      names = "--max-in-flight-per-link",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "smaller model: no step leaves more than N unread messages on a link it sent on"
              + " (0 = unbounded; default: ${DEFAULT-VALUE})")
  int maxInFlightPerLink;

  @Option(
      names = "--max-timer-fires",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "smaller model: timer firings per path (0 = unbounded; default: ${DEFAULT-VALUE})")
  int maxTimerFires;

  @Option(
      names = "--clock-step-ticks",
      defaultValue = "100",
      paramLabel = "T",
      description = "size of one clock step (default: ${DEFAULT-VALUE})")
  long clockStepTicks;

  @Option(
      names = "--clock-uncertainty-ticks",
      defaultValue = "0",
      paramLabel = "T",
      description = "clock uncertainty bound (default: ${DEFAULT-VALUE})")
  long clockUncertaintyTicks;

  @Option(
      names = "--duplicates",
      description = "the network may deliver a message again (default: off)")
  boolean duplicates;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "seed of the random walks (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--check-determinism",
      description = "re-run every handler on a fresh copy (default: off)")
  boolean checkDeterminism;

  @Option(
      names = "--symmetry",
      description =
          "symmetry reduction: states that differ only by renaming interchangeable servers are"
              + " one state (protocols that declare a symmetry; default: off)")
  boolean symmetry;

  @Option(
      names = "--no-linearizability",
      description = "skip the per-state linearizability check of the client history (default: off)")
  boolean noLinearizability;

  /** Flags that shape the model or the search: with none of them, explore hunts. */
  static final java.util.List<String> MODEL_FLAGS =
      java.util.List.of(
          "--strategy",
          "--servers",
          "--nodes",
          "--clients",
          "--ops",
          "--max-depth",
          "--max-states",
          "--max-crashes",
          "--max-drops",
          "--max-partitions",
          "--max-clock-steps",
          "--max-clock-choices",
          "--max-link-cuts",
          "--max-timer-repeats",
          "--max-in-flight-per-link",
          "--max-timer-fires",
          "--clock-step-ticks",
          "--clock-uncertainty-ticks",
          "--duplicates",
          "--seed",
          "--check-determinism",
          "--symmetry");

  /** The time budget of a hunt when --time is not given. */
  static final long HUNT_TIME_MILLIS = 120_000;

  @Override
  public Integer call() {
    long memoryBytes = memoryBudget();
    if (MODEL_FLAGS.stream().noneMatch(spec.commandLine().getParseResult()::hasMatchedOption)) {
      return hunt(memoryBytes);
    }
    return searchOnce(memoryBytes);
  }

  /** No model flag: the hunt's stages under the time and memory budgets. */
  private int hunt(long memoryBytes) {
    OutputPaths.requireDirectory("--out", outOption.out);
    return new HuntRun(
            proto.protocol,
            proto.variant,
            new TreeMap<>(proto.options),
            !noLinearizability,
            threadsOption.checked())
        .execute(
            outOption.out,
            spec.commandLine().getOut(),
            timeMillis == null ? HUNT_TIME_MILLIS : timeMillis,
            memoryBytes);
  }

  /** One search with the model and bounds the flags give. */
  private int searchOnce(long memoryBytes) {
    ExploreOptions.Strategy s =
        switch (strategy) {
          case "bfs" -> ExploreOptions.Strategy.BFS;
          case "dfs" -> ExploreOptions.Strategy.DFS;
          case "random" -> ExploreOptions.Strategy.RANDOM;
          default ->
              throw new UserError(
                  "--strategy: expected bfs, dfs or random, got '" + strategy + "'");
        };
    int threads = threadsOption.checked();
    int servers = size.servers();
    int clients = size.clients;
    int ops = size.ops;
    Path out = outOption.out;
    if (threads > 1 && s != ExploreOptions.Strategy.BFS) {
      throw new UserError("--threads: only bfs runs in parallel (got --strategy " + strategy + ")");
    }
    requireAtLeast("--servers", servers, 1);
    requireAtLeast("--clients", clients, 0);
    requireAtLeast("--ops", ops, 0);
    checkBounds();
    long memoryStates = memoryBytes / HuntRun.BYTES_PER_STATE;
    ExploreOptions explore = exploreOptions(s, memoryStates);
    ExploreRun run =
        new ExploreRun(
                proto.protocol,
                proto.variant,
                servers,
                clients,
                ops,
                new TreeMap<>(proto.options),
                explore,
                !noLinearizability)
            .withThreads(threads)
            .withSymmetry(symmetry)
            .withMemoryBudget(memoryStates < maxStates ? memoryBytes : 0);
    OutputPaths.requireDirectory("--out", out);
    // Progress lines only for a person watching: off when stderr is not a terminal (CI, pipes).
    boolean terminal = System.console() != null;
    return run.execute(out, spec.commandLine().getOut(), spec.commandLine().getErr(), terminal);
  }

  private void checkBounds() {
    requireAtLeast("--max-depth", maxDepth, 0);
    requireAtLeast("--max-states", maxStates, 1);
    requireAtLeast("--max-crashes", maxCrashes, 0);
    requireAtLeast("--max-drops", maxDrops, 0);
    requireAtLeast("--max-partitions", maxPartitions, 0);
    requireAtLeast("--max-clock-steps", maxClockSteps, 0);
    requireAtLeast("--max-link-cuts", maxLinkCuts, 0);
    requireAtLeast("--max-clock-choices", maxClockChoices, 0);
    if (maxClockChoices > 0 && clockUncertaintyTicks == 0) {
      throw new UserError(
          "--max-clock-choices: needs --clock-uncertainty-ticks > 0 (with no uncertainty every"
              + " reading is the true time)");
    }
    requireAtLeast("--max-timer-repeats", maxTimerRepeats, 0);
    requireAtLeast("--max-in-flight-per-link", maxInFlightPerLink, 0);
    requireAtLeast("--max-timer-fires", maxTimerFires, 0);
    requireAtLeast("--clock-step-ticks", clockStepTicks, 1);
    requireAtLeast("--clock-uncertainty-ticks", clockUncertaintyTicks, 0);
  }

  private ExploreOptions exploreOptions(ExploreOptions.Strategy s, long memoryStates) {
    // Built from the defaults so options added to the record later keep their default here.
    return ExploreOptions.defaults()
        .withStrategy(s)
        .withMaxDepth(maxDepth)
        .withMaxStates(Math.min(maxStates, memoryStates))
        .withTimeLimitMillis(timeMillis == null ? 0 : timeMillis)
        .withFaults(maxCrashes, maxDrops, maxPartitions, maxClockSteps)
        .withClock(clockStepTicks, clockUncertaintyTicks)
        .withDuplicates(duplicates)
        .withSeed(seed)
        .withCheckDeterminism(checkDeterminism)
        .withStopAtGoal(false)
        .withLinkCuts(maxLinkCuts)
        .withClockChoices(maxClockChoices)
        .withBounds(new ExploreBounds(maxTimerRepeats, maxInFlightPerLink, maxTimerFires));
  }

  /** --max-memory, at most the JVM's heap; three quarters of it by default. */
  private long memoryBudget() {
    long heap = Runtime.getRuntime().maxMemory();
    if (maxMemoryBytes == null) {
      return HuntRun.defaultMemoryBytes();
    }
    if (maxMemoryBytes > heap) {
      throw new UserError(
          "--max-memory: "
              + (maxMemoryBytes >> 20)
              + " MB is more than the JVM's heap ("
              + (heap >> 20)
              + " MB); give the JVM more heap (-Xmx) or ask for less");
    }
    return maxMemoryBytes;
  }

  private static void requireAtLeast(String flag, long value, long min) {
    if (value < min) {
      throw new UserError(flag + ": must be >= " + min + ", was " + value);
    }
  }
}
