package dev.faultline.scenario.fuzz;

import dev.faultline.check.run.ClusterRun;

/**
 * One fuzzed seed: its verdict, and for determinism checks whether two runs gave the same trace.
 *
 * @param property the violated property, or null
 * @param deterministic false when two runs of the seed gave different trace hashes
 * @param livenessLimit when the run ended in Liveness inside a progress limit the protocol declares
 *     (e.g. pb with its view server down): "node: sentence"; such a seed is an accepted outcome
 *     (LIVENESS_LIMIT), not a failure. Null otherwise.
 */
public record SeedOutcome(
    long seed,
    String property,
    String message,
    boolean inconclusive,
    boolean deterministic,
    long events,
    int faults,
    int operations,
    String livenessLimit) {

  /** A violation, excluding Liveness inside a declared progress limit. */
  public boolean failed() {
    return property != null && !atLivenessLimit();
  }

  /** Liveness inside a progress limit the protocol declared: reported, not a failure. */
  public boolean atLivenessLimit() {
    return ClusterRun.excusedByLimit(property, livenessLimit);
  }
}
