package dev.faultline.sim.explore;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.VariantSearch;
import java.util.List;

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
 * @param maxClockChoices clock choices allowed along one path (0: the symmetric model, every node
 *     reads [time - eps, time + eps]): a choice moves one node's reading so that true time sits at
 *     its lower bound, its centre or its upper bound (see {@link ExploreAction.ClockOffset})
 * @param ignoredDeliveriesStay a delivery the node ignores (its state unchanged, no effect) is not
 *     a step: the message stays in flight (Stateright's actor model; off: it is consumed)
 * @param historyByRealTimeOrder two histories are the same state when they have the same operations
 *     per client and the same real-time order between them (Stateright's linearizability tester),
 *     not only when their events interleave the same way
 * @param interchangeable symmetry reduction (empty: off): servers the protocol declared
 *     interchangeable ({@code dev.faultline.sim.api.Symmetry}); states that differ only by a
 *     permutation of them are one state to the visited set (see {@link SymmetryReduction})
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
    ExploreBounds bounds,
    int maxClockChoices,
    boolean ignoredDeliveriesStay,
    boolean historyByRealTimeOrder,
    List<NodeId> interchangeable) {

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
    interchangeable = interchangeable == null ? List.of() : List.copyOf(interchangeable);
    if (interchangeable.size() == 1 || interchangeable.size() > SymmetryReduction.MAX_NODES) {
      throw new IllegalArgumentException(
          "symmetry needs 2 to "
              + SymmetryReduction.MAX_NODES
              + " interchangeable servers, got "
              + interchangeable);
    }
    requireAtLeast("maxDepth", maxDepth, 0);
    requireAtLeast("maxStates", maxStates, 1);
    requireAtLeast("timeLimitMillis", timeLimitMillis, 0);
    requireAtLeast("maxCrashes", maxCrashes, 0);
    requireAtLeast("maxDrops", maxDrops, 0);
    requireAtLeast("maxPartitions", maxPartitions, 0);
    requireAtLeast("maxClockSteps", maxClockSteps, 0);
    requireAtLeast("maxLinkCuts", maxLinkCuts, 0);
    requireAtLeast("maxClockChoices", maxClockChoices, 0);
    if (maxClockChoices > 0 && clockUncertaintyTicks == 0) {
      throw new IllegalArgumentException(
          "maxClockChoices needs clockUncertaintyTicks > 0 (with no uncertainty every reading is"
              + " the true time)");
    }
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
        ExploreBounds.NONE,
        0,
        false,
        false,
        List.of());
  }

  /**
   * The model a variant's declared breadth-first search explores (the contract suite's and the
   * zoo's): BFS to the declared depth, its crashes, model bounds and time model, stopping after
   * {@code maxStates} states.
   */
  public static ExploreOptions forSearch(VariantSearch s, long maxStates) {
    VariantSearch.Clock c = s.clock();
    return defaults()
        .withMaxDepth(s.steps())
        .withMaxStates(maxStates)
        .withFaults(s.crashes(), 0, 0, c.steps())
        .withClock(c.stepTicks(), c.uncertaintyTicks())
        .withClockChoices(c.choices())
        .withBounds(
            new ExploreBounds(s.maxTimerRepeats(), s.maxInFlightPerLink(), s.maxTimerFires()));
  }

  public ExploreOptions withStrategy(Strategy s) {
    return edit(b -> b.strategy = s);
  }

  public ExploreOptions withMaxDepth(int d) {
    return edit(b -> b.maxDepth = d);
  }

  public ExploreOptions withMaxStates(long n) {
    return edit(b -> b.maxStates = n);
  }

  public ExploreOptions withTimeLimitMillis(long ms) {
    return edit(b -> b.timeLimitMillis = ms);
  }

  /** Sets the fault budgets per path: crashes, drops, isolations, clock steps. */
  public ExploreOptions withFaults(int crashes, int drops, int partitionsMax, int clockStepsMax) {
    return edit(
        b -> {
          b.maxCrashes = crashes;
          b.maxDrops = drops;
          b.maxPartitions = partitionsMax;
          b.maxClockSteps = clockStepsMax;
        });
  }

  public ExploreOptions withClock(long stepTicks, long uncertaintyTicks) {
    return edit(
        b -> {
          b.clockStepTicks = stepTicks;
          b.clockUncertaintyTicks = uncertaintyTicks;
        });
  }

  public ExploreOptions withDuplicates(boolean d) {
    return edit(b -> b.duplicates = d);
  }

  public ExploreOptions withSeed(long s) {
    return edit(b -> b.seed = s);
  }

  public ExploreOptions withCheckDeterminism(boolean c) {
    return edit(b -> b.checkDeterminism = c);
  }

  public ExploreOptions withStopAtGoal(boolean g) {
    return edit(b -> b.stopAtGoal = g);
  }

  /** Sets how many one-way link cuts (block from->to) one path may make. */
  public ExploreOptions withLinkCuts(int cuts) {
    return edit(b -> b.maxLinkCuts = cuts);
  }

  /** Sets optional model bounds (under-approximations; {@link ExploreBounds#NONE} = full model). */
  public ExploreOptions withBounds(ExploreBounds bounds) {
    return edit(b -> b.bounds = bounds);
  }

  /**
   * Sets how many clock choices one path may make (0: off). Each moves one node's clock reading
   * within its promise, so boundary readings (true time exactly at a reading's bound) are explored;
   * it needs {@code clockUncertaintyTicks > 0} to change anything.
   */
  public ExploreOptions withClockChoices(int choices) {
    return edit(b -> b.maxClockChoices = choices);
  }

  /**
   * Stateright's actor-model semantics, for comparing state counts with it: ignored deliveries stay
   * in flight, and histories are identified by their real-time order.
   */
  public ExploreOptions withStaterightSemantics(boolean on) {
    return edit(
        b -> {
          b.ignoredDeliveriesStay = on;
          b.historyByRealTimeOrder = on;
        });
  }

  /** Identifies histories by operations and real-time order only (a sound reduction). */
  public ExploreOptions withHistoryByRealTimeOrder(boolean on) {
    return edit(b -> b.historyByRealTimeOrder = on);
  }

  /**
   * Turns symmetry reduction on over {@code servers} (empty: off): they must be servers the
   * protocol declared interchangeable ({@code ClusterSpec.symmetry}). Only the visited set's key
   * changes; states, paths and counterexamples stay real.
   */
  public ExploreOptions withSymmetry(List<NodeId> servers) {
    return edit(b -> b.interchangeable = servers);
  }

  /**
   * A copy with {@code change} applied: every wither goes through one mutable copy of the
   * components, so a new component is listed in the header, here and in {@link Editable}, not in
   * every wither.
   */
  private ExploreOptions edit(java.util.function.Consumer<Editable> change) {
    Editable b = new Editable(this);
    change.accept(b);
    return b.build();
  }

  /** The components, mutable, for {@link #edit}. */
  private static final class Editable {
    Strategy strategy;
    int maxDepth;
    long maxStates;
    long timeLimitMillis;
    int maxCrashes;
    int maxDrops;
    int maxPartitions;
    int maxClockSteps;
    long clockStepTicks;
    long clockUncertaintyTicks;
    boolean duplicates;
    long seed;
    boolean checkDeterminism;
    boolean stopAtGoal;
    int maxLinkCuts;
    ExploreBounds bounds;
    int maxClockChoices;
    boolean ignoredDeliveriesStay;
    boolean historyByRealTimeOrder;
    List<NodeId> interchangeable;

    Editable(ExploreOptions o) {
      strategy = o.strategy;
      maxDepth = o.maxDepth;
      maxStates = o.maxStates;
      timeLimitMillis = o.timeLimitMillis;
      maxCrashes = o.maxCrashes;
      maxDrops = o.maxDrops;
      maxPartitions = o.maxPartitions;
      maxClockSteps = o.maxClockSteps;
      clockStepTicks = o.clockStepTicks;
      clockUncertaintyTicks = o.clockUncertaintyTicks;
      duplicates = o.duplicates;
      seed = o.seed;
      checkDeterminism = o.checkDeterminism;
      stopAtGoal = o.stopAtGoal;
      maxLinkCuts = o.maxLinkCuts;
      bounds = o.bounds;
      maxClockChoices = o.maxClockChoices;
      ignoredDeliveriesStay = o.ignoredDeliveriesStay;
      historyByRealTimeOrder = o.historyByRealTimeOrder;
      interchangeable = o.interchangeable;
    }

    ExploreOptions build() {
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
          bounds,
          maxClockChoices,
          ignoredDeliveriesStay,
          historyByRealTimeOrder,
          interchangeable);
    }
  }
}
