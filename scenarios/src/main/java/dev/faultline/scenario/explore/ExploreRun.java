package dev.faultline.scenario.explore;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.ExploreWorkloads;
import dev.faultline.scenario.cli.ExitCodes;
import dev.faultline.scenario.cli.OutputPaths;
import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Symmetry;
import dev.faultline.sim.explore.Counterexample;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Explorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * One {@code faultline explore} run: builds the configuration, searches, prints the verdict and
 * writes the counterexample. Invariants are built fresh for every state checked (protocol
 * invariants may remember what they saw, and memory from one path must not leak into another).
 */
public final class ExploreRun {
  private final String protocol;
  private final String variant;
  private final int servers;
  private final List<List<ClientOp>> workload;
  private final SortedMap<String, String> options;
  private final ExploreOptions explore;
  private final boolean linearizability;
  private int threads = 1;
  private long memoryBudgetBytes;
  private boolean symmetry;
  private List<NodeId> interchangeable = List.of(); // set by search() when symmetry is on

  public ExploreRun(
      String protocol,
      String variant,
      int servers,
      int clients,
      int ops,
      SortedMap<String, String> options,
      ExploreOptions explore,
      boolean linearizability) {
    this.protocol = protocol;
    this.variant = variant;
    this.servers = servers;
    this.workload = ExploreWorkloads.of(clients, ops);
    this.options = options;
    this.explore = explore;
    this.linearizability = linearizability;
  }

  /** BFS worker threads (the result does not depend on the count; see Explorer#withThreads). */
  public ExploreRun withThreads(int threads) {
    this.threads = threads;
    return this;
  }

  /**
   * Symmetry reduction over the servers the protocol declares interchangeable for this
   * configuration; a protocol or configuration that declares none is a user error naming why.
   */
  public ExploreRun withSymmetry(boolean on) {
    this.symmetry = on;
    return this;
  }

  /**
   * Says that {@code bytes} of memory budget set the state limit (0: it did not), so reaching
   * max-states is reported as the memory budget.
   */
  public ExploreRun withMemoryBudget(long bytes) {
    this.memoryBudgetBytes = bytes;
    return this;
  }

  /** The search itself, for tests and benchmarks. */
  public ExploreResult search() {
    return search(null);
  }

  /** The search, reporting progress lines to {@code progress} (null: none) every 2 s. */
  public ExploreResult search(java.util.function.Consumer<String> progress) {
    ClusterSpec spec = specFor(protocol, variant);
    ClusterParams params = new ClusterParams(servers, variant, workload, options);
    Explorer explorer;
    try {
      explorer =
          ClusterExplore.explorer(
              spec, params, List.of(), withSymmetry(spec, params), linearizability);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    try {
      explorer.withThreads(threads);
      if (progress != null) {
        explorer.withProgress(progress, 2000);
      }
      return explorer.explore();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The search options, with the protocol's declared symmetry when --symmetry is on. */
  private ExploreOptions withSymmetry(ClusterSpec spec, ClusterParams params) {
    if (!symmetry) {
      return explore;
    }
    Symmetry declared = spec.symmetry(params);
    if (!declared.declared()) {
      throw new UserError("--symmetry: " + declared.refusal());
    }
    interchangeable = declared.interchangeable();
    return explore.withSymmetry(interchangeable);
  }

  /**
   * The registered protocol {@code protocol}, checked to have {@code variant} (null: the correct
   * protocol); a user error naming the flag and what is known otherwise.
   */
  public static ClusterSpec specFor(String protocol, String variant) {
    ClusterSpec spec = ProtocolRegistry.DEFAULT.byName(protocol);
    if (spec == null) {
      throw new UserError(
          "--protocol: unknown protocol '"
              + protocol
              + "' (known: "
              + ProtocolRegistry.DEFAULT.names()
              + ")");
    }
    if (variant != null
        && spec.variants().stream().map(BugVariant::id).noneMatch(variant::equals)) {
      throw new UserError(
          "--variant: "
              + protocol
              + " has no variant '"
              + variant
              + "' (known: "
              + spec.variants().stream().map(BugVariant::id).toList()
              + ")");
    }
    return spec;
  }

  /** Searches, prints, writes the counterexample into {@code out}; returns the exit code. */
  public int execute(Path out, PrintWriter stdout, PrintWriter stderr, boolean showProgress) {
    ExploreResult r;
    try {
      r = search(showProgress ? line -> stderr.println(line) : null);
    } catch (OutOfMemoryError e) {
      throw new UserError(
          "explore: the JVM heap ran out; lower --max-memory or --max-states, or give the JVM"
              + " more heap (-Xmx)");
    }
    String name = protocol + (variant == null ? "" : " " + variant);
    stdout.printf(
        Locale.ROOT,
        "faultline explore %s (%s, %d servers, %d clients x %d ops): %s%n",
        name,
        explore.strategy().name().toLowerCase(Locale.ROOT),
        servers,
        workload.size(),
        workload.isEmpty() ? 0 : workload.getFirst().size(),
        r.end() + (r.bound() != null ? " (" + r.bound() + ")" : ""));
    if (r.property() != null) {
      stdout.println("  " + r.property() + ": " + r.message());
    } else if (r.end() == EndCondition.NONDETERMINISM) {
      stdout.println("  nondeterminism: " + r.message());
    }
    stdout.printf(
        Locale.ROOT,
        "  states: %d unique, %d generated, max depth %d, %.0f unique states/s, %.2f s%n",
        r.uniqueStates(),
        r.states(),
        r.maxDepth(),
        r.uniqueStatesPerSecond(),
        r.elapsedMillis() / 1000.0);
    stdout.printf(
        Locale.ROOT,
        "  memory: visited set %.0f B/state, heap in use %d MB%n",
        r.uniqueStates() == 0 ? 0.0 : (double) r.visitedBytes() / r.uniqueStates(),
        r.heapBytes() >> 20);
    stdout.println("  fault bounds: " + r.faultBounds());
    if (!interchangeable.isEmpty()) {
      stdout.println(
          "  symmetry: states equal up to renaming "
              + interchangeable
              + " counted once (unique states are orbits)");
    }
    if (memoryBudgetBytes > 0 && "max-states".equals(r.bound())) {
      stdout.println(
          "  memory budget reached: "
              + (memoryBudgetBytes >> 20)
              + " MB allows "
              + explore.maxStates()
              + " distinct states; raise --max-memory (and the JVM heap) or narrow the model");
    }
    if (!r.path().isEmpty()
        && (r.end() == EndCondition.VIOLATION || r.end() == EndCondition.NONDETERMINISM)) {
      Counterexample cx =
          Counterexample.of(protocol, variant, servers, workload, options, explore, r);
      writeCounterexample(out, stdout, protocol, variant, cx.toJson(r.path()), r);
    }
    return switch (r.end()) {
      case VIOLATION -> ExitCodes.VIOLATION;
      case NONDETERMINISM -> ExitCodes.NONDETERMINISM;
      case SPACE_EXHAUSTED, GOAL_REACHED -> ExitCodes.OK;
      case BOUND_REACHED, TIME_OUT -> ExitCodes.INCONCLUSIVE;
    };
  }

  /**
   * Writes {@code json} (a counterexample of {@code r}) as {@code
   * explore-<protocol>[-<variant>].json} in {@code out} and prints where and its steps; if it
   * cannot be written, prints it first.
   */
  static Path writeCounterexample(
      Path out, PrintWriter stdout, String protocol, String variant, String json, ExploreResult r) {
    String file = "explore-" + protocol + (variant == null ? "" : "-" + variant) + ".json";
    Path written;
    try {
      written = CounterexampleFiles.write(out, file, json);
    } catch (java.io.UncheckedIOException e) {
      // The search found something: print it rather than lose it, then the one-line error.
      stdout.println("  counterexample (could not be written, here it is):");
      stdout.println(json);
      throw new UserError(OutputPaths.describe(e.getCause()));
    }
    stdout.println("  counterexample: " + r.path().size() + " steps, " + written);
    for (int k = 0; k < r.path().size(); k++) {
      stdout.println("    " + (k + 1) + ". " + r.path().get(k).describe());
    }
    stdout.println("  reproduce: ./faultline run " + written);
    return written;
  }
}
