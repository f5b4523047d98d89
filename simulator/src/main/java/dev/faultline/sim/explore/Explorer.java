package dev.faultline.sim.explore;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.InvariantSupply;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Exhaustive (BFS, DFS) or seeded random exploration of a cluster's state space, checking
 * invariants on every new state and recording goals. BFS keeps only fingerprints and parent
 * pointers for visited states and rebuilds a counterexample by replaying choices from the start, so
 * a replay that does not reach the recorded state is reported as nondeterminism.
 *
 * <p>Invariants come from a supplier called for every check: pass one that builds fresh instances
 * (e.g. {@code spec.invariantSupply(params)}, or {@code () -> spec.freshInvariants(params)}) when
 * invariants remember earlier states, as memory from one path must not leak into another. Passing
 * the cluster's own list is faster and right for memoryless invariants.
 *
 * <p>This class is the facade: it walks the prefix and hands the search to one class per strategy
 * ({@link BfsSearch}, {@link ParallelBfsSearch}, {@link DfsSearch}, {@link RandomWalkSearch}),
 * which share one {@link SearchRun} of bookkeeping.
 */
public final class Explorer {
  private final Cluster cluster;
  private final ExploreModel model;
  private final InvariantSupply invariants;
  private final List<Goal> goals;
  private final ExploreOptions options;
  private final ParentTree parents = new ParentTree();
  private int threads = 1;
  // Parallel BFS grain: parents expanded per round before merging (bounds the successors held at
  // once), and parents per chunk one worker claims. Tests shrink both to force interleavings.
  private int batchParents = 4096;
  private int chunkParents = 16;
  private boolean parallelEngine; // the parallel BFS even on one thread (tests, measurements)
  private Consumer<String> progress;
  private long progressEveryMillis;

  public Explorer(
      Cluster cluster,
      Supplier<List<Invariant>> invariants,
      List<Goal> goals,
      ExploreOptions options) {
    this(cluster, InvariantSupply.filtering(invariants), goals, options);
  }

  /**
   * An explorer whose steps into already seen states get their transition judges from {@code
   * invariants} directly (e.g. {@code spec.invariantSupply(params)}), instead of building every
   * invariant and filtering.
   */
  public Explorer(
      Cluster cluster, InvariantSupply invariants, List<Goal> goals, ExploreOptions options) {
    this.cluster = cluster;
    this.model = new ExploreModel(cluster, options);
    this.invariants = invariants;
    this.goals = List.copyOf(goals);
    this.options = options;
  }

  /** Explores from the start state (every node booted). */
  public ExploreResult explore() {
    return explore(List.of());
  }

  /**
   * Explores from the state reached by {@code prefix} (a staged search: e.g. the path of an earlier
   * result's goal, or a scenario's opening moves). Reported paths include the prefix.
   */
  public ExploreResult explore(List<ExploreAction> prefix) {
    SearchRun run =
        new SearchRun(model, invariants, goals, parents, prefix, progress, progressEveryMillis);
    ExploreResult early = walkPrefix(run);
    if (early != null) {
      return early;
    }
    run.start = model.searchStart(run.start); // model bounds (if any) count from here
    return switch (options.strategy()) {
      case BFS ->
          threads > 1 || parallelEngine
              ? new ParallelBfsSearch(run, cluster, threads, batchParents, chunkParents).search()
              : new BfsSearch(run, new ExploreModel(cluster, options)).search();
      case DFS -> new DfsSearch(run).search();
      case RANDOM -> new RandomWalkSearch(run).search();
    };
  }

  /** Sets the run's start to the state the prefix reaches; a result if it ends the search there. */
  private ExploreResult walkPrefix(SearchRun run) {
    try {
      run.start = model.initial();
      List<ExploreAction> walked = new ArrayList<>();
      for (ExploreAction a : run.prefix) {
        Choice c = find(model, run.start, a::equals);
        if (c == null) {
          throw new IllegalArgumentException(
              "prefix step " + (walked.size() + 1) + " (" + a.describe() + ") is not enabled");
        }
        walked.add(a);
        SearchState before = run.start;
        run.start = applyOrSame(run.start, c, model);
        String[] broken = run.violated(before, run.start); // each prefix step, as the search's
        if (broken != null) {
          return run.violation(broken, walked, 0);
        }
      }
    } catch (HandlerFailure e) {
      return run.handlerFailed(e, run.prefix, 0);
    } catch (Nondeterminism e) {
      return run.nondeterministic(e, run.prefix, 0);
    }
    // With a prefix, its last step checked the start already (shown the state before it).
    String[] broken = run.prefix.isEmpty() ? run.violated(run.start) : null;
    return broken == null ? null : run.violation(broken, run.prefix, 0);
  }

  /**
   * Reports a one-line progress message every {@code everyMillis} of search time (the CLI turns
   * this on when stderr is a terminal). Progress only reads the search's own counters.
   */
  public Explorer withProgress(Consumer<String> sink, long everyMillis) {
    this.progress = sink;
    this.progressEveryMillis = everyMillis;
    return this;
  }

  /**
   * Runs BFS with {@code threads} worker threads (default 1). The result is identical to the
   * single-threaded search for the same options — end condition, counts, depth, goals, fault-bound
   * notes and counterexample — only time and heap differ. With more than one thread the invariant
   * supplier is called from worker threads: the lists it returns must not share mutable instances
   * (fresh instances per call, as the explorer recommends anyway, or stateless/thread-safe ones).
   * DFS and random walks ignore it.
   */
  public Explorer withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    this.threads = threads;
    return this;
  }

  /** Sets the parallel BFS grain (tests use tiny values so workers interleave on small spaces). */
  Explorer withParallelGrain(int batchParents, int chunkParents) {
    if (batchParents < 1 || chunkParents < 1) {
      throw new IllegalArgumentException("grain must be >= 1");
    }
    this.batchParents = batchParents;
    this.chunkParents = chunkParents;
    return this;
  }

  /**
   * Runs BFS on the parallel engine even with one thread: the workers' bookkeeping without a second
   * core, so a measurement can tell the engine's own cost from what running threads side by side
   * costs, and tests can compare the engine's results at every thread count, 1 included.
   */
  public Explorer withParallelEngine() {
    this.parallelEngine = true;
    return this;
  }

  /** The model this explorer runs (for replays and tests). */
  public ExploreModel model() {
    return model;
  }

  // ------------------------------------------------------------------ shared helpers

  /** The enabled choice whose public action satisfies {@code match}, or null. */
  static Choice find(ExploreModel model, SearchState s, Predicate<ExploreAction> match) {
    for (Choice c : model.choices(s)) {
      if (match.test(c.action(model.ids, model.options.clockStepTicks()))) {
        return c;
      }
    }
    return null;
  }

  /** Applies a choice; a pruned no-op leaves the state as it was. */
  static SearchState applyOrSame(SearchState s, Choice c, ExploreModel model) {
    SearchState next = model.apply(s, c);
    return next == null ? s : next;
  }
}
