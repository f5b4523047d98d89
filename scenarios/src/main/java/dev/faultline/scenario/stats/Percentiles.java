package dev.faultline.scenario.stats;

import java.util.Arrays;

/**
 * Latency percentiles of a set of operations, in ticks, by the nearest-rank method: the p-th
 * percentile of n sorted values is the value at rank ceil(p/100 * n) (1-based), so every reported
 * number is a latency some operation really had.
 */
public record Percentiles(
    long count, long min, long p50, long p90, long p95, long p99, long max, double mean) {

  public static Percentiles of(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    if (n == 0) {
      return new Percentiles(0, 0, 0, 0, 0, 0, 0, 0);
    }
    long sum = 0;
    for (long x : v) {
      sum += x;
    }
    return new Percentiles(
        n, v[0], rank(v, 50), rank(v, 90), rank(v, 95), rank(v, 99), v[n - 1], (double) sum / n);
  }

  private static long rank(long[] sorted, int p) {
    int r = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(r, 1) - 1];
  }
}
