package dev.faultline.sim.explore;

/**
 * How to search and which faults the explored network may inject. The fault bounds and the network
 * model (duplicates, clock step, uncertainty) shape the state graph itself, so a counterexample
 * records them; the search bounds (depth, states, time) only say when to stop.
 *
 * @param strategy bfs (shortest counterexample), dfs, or seeded random walks
 * @param maxDepth longest path explored (steps from the start state)
 * @param maxStates stop after this many states were generated (successors computed)
 * @param timeLimitMillis wall-clock budget, 0 for none
 * @param maxCrashes crashes allowed along one path
 * @param maxDrops message losses allowed along one path
 * @param maxPartitions isolations allowed along one path (heals are free)
 * @param maxClockSteps logical-time advances allowed along one path
 * @param clockStepTicks how far one clock step advances logical time
 * @param clockUncertaintyTicks epsilon: clock() returns [time - eps, time + eps]
 * @param duplicates the network may duplicate: a delivered message stays deliverable
 * @param seed seeds random walks ({@code Rng.derived(seed, "explore-walk")})
 * @param checkDeterminism re-run every handler on fresh copies and compare fingerprints
 * @param stopAtGoal end the search as soon as every goal was reached
 * @param maxLinkCuts one-way link cuts allowed along one path (block from->to; heals are free)
 * @param bounds optional model bounds (under-approximations, off by default): see {@link
 *     ExploreBounds}
 */
public record ExploreOptions(
    Strategy strategy,
    int maxDepth,
    long maxStates,
    long timeLimitMillis,
    int maxCrashes,
    int maxDrops,
    int maxPartitions,
    int maxClockSteps,
    long clockStepTicks,
    long clockUncertaintyTicks,
    boolean duplicates,
    long seed,
    boolean checkDeterminism,
    boolean stopAtGoal,
    int maxLinkCuts,
    ExploreBounds bounds) {

  /** Search strategies. */
  public enum Strategy {
    BFS,
    DFS,
    RANDOM
  }

  public ExploreOptions {
    if (strategy == null) {
      throw new IllegalArgumentException("strategy must be set");
    }
    if (bounds == null) {
      bounds = ExploreBounds.NONE;
    }
    requireAtLeast("maxDepth", maxDepth, 0);
    requireAtLeast("maxStates", maxStates, 1);
    requireAtLeast("timeLimitMillis", timeLimitMillis, 0);
    requireAtLeast("maxCrashes", maxCrashes, 0);
    requireAtLeast("maxDrops", maxDrops, 0);
    requireAtLeast("maxPartitions", maxPartitions, 0);
    requireAtLeast("maxClockSteps", maxClockSteps, 0);
    requireAtLeast("maxLinkCuts", maxLinkCuts, 0);
    requireAtLeast("clockStepTicks", clockStepTicks, 1);
    requireAtLeast("clockUncertaintyTicks", clockUncertaintyTicks, 0);
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
  }

  /** BFS, depth 50, 1M states, no time limit, no faults, no duplicates, seed 1. */
  public static ExploreOptions defaults() {
    return new ExploreOptions(
        Strategy.BFS,
        50,
        1_000_000,
        0,
        0,
        0,
        0,
        0,
        100,
        0,
        false,
        1,
        false,
        false,
        0,
        ExploreBounds.NONE);
  }

  public ExploreOptions withStrategy(Strategy s) {
    return new ExploreOptions(
        s,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  public ExploreOptions withMaxDepth(int d) {
    return new ExploreOptions(
        strategy,
        d,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  public ExploreOptions withMaxStates(long n) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        n,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  public ExploreOptions withTimeLimitMillis(long ms) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        ms,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  /** Sets the fault budgets per path: crashes, drops, isolations, clock steps. */
  public ExploreOptions withFaults(int crashes, int drops, int partitionsMax, int clockStepsMax) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        crashes,
        drops,
        partitionsMax,
        clockStepsMax,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  public ExploreOptions withClock(long stepTicks, long uncertaintyTicks) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        stepTicks,
        uncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  public ExploreOptions withDuplicates(boolean d) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        d,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  public ExploreOptions withSeed(long s) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        s,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  public ExploreOptions withCheckDeterminism(boolean c) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        c,
        stopAtGoal,
        maxLinkCuts,
        bounds);
  }

  public ExploreOptions withStopAtGoal(boolean g) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        g,
        maxLinkCuts,
        bounds);
  }

  /** Sets how many one-way link cuts (block from->to) one path may make. */
  public ExploreOptions withLinkCuts(int cuts) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        cuts,
        bounds);
  }

  /** The options without model bounds (the constructor before {@link ExploreBounds} existed). */
  public ExploreOptions(
      Strategy strategy,
      int maxDepth,
      long maxStates,
      long timeLimitMillis,
      int maxCrashes,
      int maxDrops,
      int maxPartitions,
      int maxClockSteps,
      long clockStepTicks,
      long clockUncertaintyTicks,
      boolean duplicates,
      long seed,
      boolean checkDeterminism,
      boolean stopAtGoal,
      int maxLinkCuts) {
    this(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        ExploreBounds.NONE);
  }

  /** Sets optional model bounds (under-approximations; {@link ExploreBounds#NONE} = full model). */
  public ExploreOptions withBounds(ExploreBounds b) {
    return new ExploreOptions(
        strategy,
        maxDepth,
        maxStates,
        timeLimitMillis,
        maxCrashes,
        maxDrops,
        maxPartitions,
        maxClockSteps,
        clockStepTicks,
        clockUncertaintyTicks,
        duplicates,
        seed,
        checkDeterminism,
        stopAtGoal,
        maxLinkCuts,
        b);
  }
}
