package dev.faultline.scenario.fuzz;

import java.util.HashMap;
import java.util.Map;

/**
 * Every coverage feature ({@link CoverageSink}) a guided campaign has seen, with how many runs hit
 * each. Only looked up, never iterated, so its hash order decides nothing.
 */
final class CoverageMap {
  private final Map<Long, Integer> hits = new HashMap<>();

  /** Records one run's features; returns those no earlier run had, in the order given (sorted). */
  long[] add(long[] features) {
    long[] fresh = new long[features.length];
    int n = 0;
    for (long f : features) {
      if (hits.merge(f, 1, Integer::sum) == 1) {
        fresh[n++] = f;
      }
    }
    return java.util.Arrays.copyOf(fresh, n);
  }

  /** Runs that hit {@code feature} so far (0: never). */
  int hits(long feature) {
    return hits.getOrDefault(feature, 0);
  }

  int size() {
    return hits.size();
  }
}
