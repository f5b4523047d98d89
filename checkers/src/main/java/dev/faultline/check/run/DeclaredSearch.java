package dev.faultline.check.run;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.VariantSearch;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreAction;
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

  /**
   * The search's options: its crashes, bounds and time model, {@code maxDepth} steps, {@code
   * maxStates}.
   */
  public static ExploreOptions options(VariantSearch s, int maxDepth, long maxStates) {
    return ExploreOptions.forSearch(s, maxStates).withMaxDepth(maxDepth);
  }

  /**
   * The path from the initial state to the search's start: empty for a search from the initial
   * state; for a staged one, the path through its stages ({@link #toStart}).
   *
   * @throws IllegalStateException when a stage ends without reaching its goal (a protocol change
   *     broke the declaration)
   */
  public static List<ExploreAction> startPath(ClusterSpec spec, String variant, VariantSearch s) {
    if (s.starts().isEmpty()) {
      return List.of();
    }
    ExploreResult r =
        toStart(spec, variant, s.servers(), s.workload(), s.options(), s, STAGE_STATES);
    if (r.end() != EndCondition.GOAL_REACHED) {
      throw new IllegalStateException("a staged search's start was not reached: " + r.summary());
    }
    return r.path();
  }

  /**
   * The stages of staged search {@code s} under {@code variant} with {@code servers}, {@code
   * workload} and {@code options}: the first BFS from the initial state with no clients, no faults
   * and no bound, each later one from where the one before ended, with the workload and {@code s}'s
   * crashes and bounds; each to the first state where its goal holds. Returns the last stage's
   * result (GOAL_REACHED, its path from the initial state), or the first that ended otherwise (a
   * variant may violate a property on the way).
   */
  public static ExploreResult toStart(
      ClusterSpec spec,
      String variant,
      int servers,
      List<List<ClientOp>> workload,
      Map<String, String> options,
      VariantSearch s,
      long maxStates) {
    ExploreResult r = null;
    List<ExploreAction> path = List.of();
    for (VariantSearch.Start start : s.starts()) {
      boolean first = r == null;
      ExploreOptions o =
          first
              ? ExploreOptions.defaults().withMaxStates(maxStates)
              : options(s, ExploreOptions.defaults().maxDepth(), maxStates);
      r =
          ClusterExplore.explore(
              spec,
              variant,
              servers,
              first ? List.of() : workload,
              options,
              o.withStopAtGoal(true),
              List.of(new Goal(start.goal(), start.reached())),
              path,
              1);
      if (r.end() != EndCondition.GOAL_REACHED) {
        return r;
      }
      path = r.path();
    }
    return r;
  }

  /** Distinct states a stage of a staged search may visit before it counts as not reached. */
  public static final long STAGE_STATES = 1_000_000;
}
