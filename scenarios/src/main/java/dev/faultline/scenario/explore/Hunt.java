package dev.faultline.scenario.explore;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.DeclaredSearch;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a {@link HuntPlan}'s stages in order, each a breadth-first search from the initial state,
 * until one finds a violation (or nondeterminism), the deadline passes, or every stage has run.
 * Every stage's state budget is capped by the memory budget, so a stage ends with a clear bound
 * instead of exhausting the heap.
 */
public final class Hunt {
  /** Steps per path in every stage: deeper than any known counterexample of a small model. */
  static final int MAX_DEPTH = 60;

  /**
   * One stage and what it found; {@code memoryCapped} when the memory budget set its states; a
   * staged stage's BFS starts {@code startSteps} steps from the initial state, reached in {@code
   * startMillis} (0 when an earlier deepening step of the same model walked there already).
   */
  public record StageOutcome(
      HuntStage stage,
      ExploreOptions explore,
      ExploreResult result,
      boolean memoryCapped,
      int startSteps,
      long startMillis) {
    /** The stage's time, its start's walk included. */
    public long millis() {
      return result.elapsedMillis() + startMillis;
    }

    public boolean found() {
      return result.end() == EndCondition.VIOLATION || result.end() == EndCondition.NONDETERMINISM;
    }

    /** The stage used up its states (memory or stage budget) before its space. */
    boolean budgetReached() {
      return result.end() == EndCondition.BOUND_REACHED && "max-states".equals(result.bound());
    }
  }

  private final ClusterSpec spec;
  private final String variant;
  private final boolean linearizability;
  private final int threads;
  private int skipped;
  private final Map<String, ExploreResult> startsWalked = new HashMap<>();
  private long lastStartMillis;
  private int lastStartSteps;

  public Hunt(ClusterSpec spec, String variant, boolean linearizability, int threads) {
    this.spec = spec;
    this.variant = variant;
    this.linearizability = linearizability;
    this.threads = threads;
  }

  /**
   * Runs {@code stages} within {@code timeMillis} in all, no stage over {@code memoryStates}
   * distinct states; {@code started} and {@code finished} hear of each stage (null: silent).
   */
  public List<StageOutcome> run(
      List<HuntStage> stages,
      long timeMillis,
      long memoryStates,
      Consumer<HuntStage> started,
      Consumer<StageOutcome> finished) {
    List<StageOutcome> done = new ArrayList<>();
    long spentMillis = 0;
    boolean deepeningCapped = false;
    skipped = 0;
    for (HuntStage stage : stages) {
      long left = timeMillis - spentMillis;
      if (left <= 0) {
        break;
      }
      if (stage.deepening() && deepeningCapped) {
        skipped++; // a shallower step already filled its budget: deeper ones only cost more
        continue;
      }
      if (started != null) {
        started.accept(stage);
      }
      boolean memoryCapped = memoryStates < stage.stateBudget();
      ExploreOptions o =
          ExploreOptions.defaults()
              .withMaxDepth(MAX_DEPTH)
              .withMaxStates(Math.min(stage.stateBudget(), memoryStates))
              .withTimeLimitMillis(left)
              .withFaults(stage.crashes(), 0, 0, stage.clock().steps())
              .withClock(stage.clock().stepTicks(), stage.clock().uncertaintyTicks())
              .withClockChoices(stage.clock().choices())
              .withBounds(stage.bounds());
      ExploreResult r = search(stage, o);
      StageOutcome outcome =
          new StageOutcome(stage, o, r, memoryCapped, lastStartSteps, lastStartMillis);
      done.add(outcome);
      if (finished != null) {
        finished.accept(outcome);
      }
      spentMillis += outcome.millis();
      if (outcome.found()) {
        break;
      }
      deepeningCapped |= stage.deepening() && outcome.budgetReached();
    }
    return done;
  }

  private ExploreResult walkToStart(HuntStage stage, long maxStates) {
    long startNanos = System.nanoTime();
    ExploreResult r =
        DeclaredSearch.toStart(
            spec,
            variant,
            stage.servers(),
            stage.workload(),
            stage.options(),
            stage.staged(),
            Math.min(maxStates, DeclaredSearch.STAGE_STATES));
    lastStartMillis = (System.nanoTime() - startNanos) / 1_000_000;
    return r;
  }

  /** Deepening stages the last {@link #run} skipped (a shallower one had filled its budget). */
  public int skipped() {
    return skipped;
  }

  /**
   * The stage's BFS; a staged one first walks the shortest path through its stages to its start
   * state, and ends there (with that search's result) if a stage violates a property or does not
   * reach its goal.
   */
  private ExploreResult search(HuntStage stage, ExploreOptions o) {
    List<ExploreAction> prefix = List.of();
    lastStartMillis = 0;
    lastStartSteps = 0;
    if (stage.staged() != null) {
      // The deepening steps of one staged model share its stages: walk them once.
      ExploreResult toStart =
          startsWalked.computeIfAbsent(
              stage.servers()
                  + " "
                  + stage.workload()
                  + " "
                  + stage.options()
                  + " "
                  + stage.goals(),
              k -> walkToStart(stage, o.maxStates()));
      if (toStart.end() != EndCondition.GOAL_REACHED) {
        return toStart;
      }
      prefix = toStart.path();
      lastStartSteps = prefix.size();
    }
    ClusterParams params =
        new ClusterParams(stage.servers(), variant, stage.workload(), stage.options());
    return ClusterExplore.explorer(spec, params, List.of(), o, linearizability)
        .withThreads(threads)
        .explore(prefix);
  }
}
