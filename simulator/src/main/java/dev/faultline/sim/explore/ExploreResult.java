package dev.faultline.sim.explore;

import java.util.List;
import java.util.SortedMap;

/**
 * What a search found and what it cost.
 *
 * @param end why it stopped
 * @param bound the search bound that ended it (max-depth, max-states) or null
 * @param faultBounds the fault bounds, e.g. "max-crashes=1 (limited the search), max-drops=0"; an
 *     exhausted space is exhaustive only within them
 * @param states successor states generated (including revisits)
 * @param uniqueStates distinct states (by fingerprint)
 * @param maxDepth deepest state reached
 * @param elapsedMillis wall-clock time of the search
 * @param visitedBytes bytes held by the visited set and parent pointers
 * @param heapBytes JVM heap in use at the end (frontier included)
 * @param property the violated property (VIOLATION), else null
 * @param message what broke (VIOLATION, NONDETERMINISM), else null
 * @param path the counterexample (VIOLATION, NONDETERMINISM) or the path to the goal
 *     (GOAL_REACHED), from the search's start state including any prefix; empty otherwise
 * @param goalsReached goal name to the depth at which it was first reached
 * @param goalsMissed goals never reached
 */
public record ExploreResult(
    EndCondition end,
    String bound,
    String faultBounds,
    long states,
    long uniqueStates,
    int maxDepth,
    long elapsedMillis,
    long visitedBytes,
    long heapBytes,
    String property,
    String message,
    List<ExploreAction> path,
    SortedMap<String, Integer> goalsReached,
    List<String> goalsMissed) {

  /** Unique states per second of wall-clock time. */
  public double uniqueStatesPerSecond() {
    return elapsedMillis == 0 ? uniqueStates * 1000.0 : uniqueStates * 1000.0 / elapsedMillis;
  }

  /** One line: end condition, counts, rate. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(end);
    if (bound != null) {
      b.append('(').append(bound).append(')');
    }
    if (property != null) {
      b.append(' ').append(property);
    }
    b.append(": ")
        .append(uniqueStates)
        .append(" unique states, ")
        .append(states)
        .append(" generated, depth ")
        .append(maxDepth)
        .append(", ")
        .append(Math.round(uniqueStatesPerSecond()))
        .append(" unique states/s, ")
        .append(elapsedMillis)
        .append(" ms; fault bounds: ")
        .append(faultBounds);
    return b.toString();
  }
}
