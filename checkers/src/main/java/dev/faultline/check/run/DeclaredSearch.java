package dev.faultline.check.run;

import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.VariantSearch;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreBounds;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Goal;
import java.util.List;
import java.util.Map;

/**
 * A variant's declared search ({@link VariantSearch}) run the one way the contract suite, {@code
 * faultline zoo} and the default {@code faultline explore} hunt all run it: its faults and model
 * bounds, and, for a staged search, the path to its start state.
 */
public final class DeclaredSearch {
  private DeclaredSearch() {}

  /** The search's options: its crashes and bounds, {@code maxDepth} steps, {@code maxStates}. */
  public static ExploreOptions options(VariantSearch s, int maxDepth, long maxStates) {
    return ExploreOptions.defaults()
        .withMaxDepth(maxDepth)
        .withMaxStates(maxStates)
        .withFaults(s.crashes(), 0, 0, 0)
        .withBounds(
            new ExploreBounds(s.maxTimerRepeats(), s.maxInFlightPerLink(), s.maxTimerFires()));
  }

  /**
   * The path from the initial state to the search's start: empty for a search from the initial
   * state; for a staged one, the shortest path to its start goal ({@link #toStart}).
   *
   * @throws IllegalStateException when that BFS ends without reaching the goal (a protocol change
   *     broke the declaration)
   */
  public static List<ExploreAction> startPath(ClusterSpec spec, String variant, VariantSearch s) {
    if (s.start() == null) {
      return List.of();
    }
    ExploreResult r = toStart(spec, variant, s.servers(), s.options(), s.start());
    if (r.end() != EndCondition.GOAL_REACHED) {
      throw new IllegalStateException(
          "the start state '" + s.start().goal() + "' was not reached: " + r.summary());
    }
    return r.path();
  }

  /**
   * The BFS (no clients, no faults, no bound) from the initial state to the first state where a
   * staged search's start goal holds, under {@code variant} with {@code servers} and {@code
   * options}: GOAL_REACHED with the path, or how it ended otherwise (a variant may violate a
   * property on the way).
   */
  public static ExploreResult toStart(
      ClusterSpec spec,
      String variant,
      int servers,
      Map<String, String> options,
      VariantSearch.Start start) {
    return ClusterExplore.explore(
        spec,
        variant,
        servers,
        List.of(),
        options,
        ExploreOptions.defaults().withStopAtGoal(true),
        List.of(new Goal(start.goal(), start.reached())),
        List.of(),
        1);
  }
}
