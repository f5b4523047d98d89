package dev.faultline.scenario.zoo;

import java.util.List;

/**
 * One row of the bug zoo: how a protocol's bug variant fared under K independent fuzz campaigns and
 * under its declared breadth-first search.
 *
 * @param seedsToFailure per campaign, seeds run up to and including the first failure (-1: none
 *     within the cap)
 * @param millisToFailure per campaign, wall time to the first failure (-1: none within the cap)
 * @param property the property the first failure violated (first campaign that found one), or null
 * @param shrunkSize faults + operations of that failure after shrinking (-1: not found)
 * @param bfs the declared search's outcome, null when the variant declares none
 */
public record ZooRow(
    String protocol,
    String variant,
    List<Long> seedsToFailure,
    List<Long> millisToFailure,
    String property,
    int sizeBefore,
    int shrunkSize,
    Bfs bfs) {

  /** The variant's declared BFS: how it ended, the violated property, steps and unique states. */
  public record Bfs(String end, String property, int steps, long uniqueStates, long millis) {}

  public int found() {
    return (int) seedsToFailure.stream().filter(s -> s >= 0).count();
  }

  public int campaigns() {
    return seedsToFailure.size();
  }

  /** Median over the campaigns that found it (-1: none did). */
  public static long median(List<Long> values) {
    List<Long> hits = values.stream().filter(v -> v >= 0).sorted().toList();
    return hits.isEmpty() ? -1 : hits.get(hits.size() / 2);
  }
}
