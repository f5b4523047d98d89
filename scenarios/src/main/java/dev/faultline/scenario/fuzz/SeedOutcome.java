package dev.faultline.scenario.fuzz;

import dev.faultline.check.run.ClusterRun;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One fuzzed seed: its verdict, and for determinism checks whether two runs gave the same trace.
 *
 * @param property the violated property, or null
 * @param deterministic false when two runs of the seed gave different trace hashes
 * @param livenessLimit when the run ended in Liveness inside a progress limit the protocol declares
 *     (e.g. pb with its view server down): "node: sentence"; such a seed is an accepted outcome
 *     (LIVENESS_LIMIT), not a failure. Null otherwise.
 * @param faultKinds the swarm fault kinds the seed switched on, lower case, in kind order
 * @param faultTypes the faults its scenario scheduled, by type
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
    String livenessLimit,
    List<String> faultKinds,
    SortedMap<String, Integer> faultTypes) {

  public SeedOutcome {
    faultKinds = faultKinds == null ? List.of() : List.copyOf(faultKinds);
    faultTypes =
        Collections.unmodifiableSortedMap(
            faultTypes == null ? new TreeMap<>() : new TreeMap<>(faultTypes));
  }

  /** An outcome that does not say which fault kinds were on. */
  public SeedOutcome(
      long seed,
      String property,
      String message,
      boolean inconclusive,
      boolean deterministic,
      long events,
      int faults,
      int operations,
      String livenessLimit) {
    this(
        seed,
        property,
        message,
        inconclusive,
        deterministic,
        events,
        faults,
        operations,
        livenessLimit,
        List.of(),
        null);
  }

  /** A violation, excluding Liveness inside a declared progress limit. */
  public boolean failed() {
    return property != null && !atLivenessLimit();
  }

  /** Liveness inside a progress limit the protocol declared: reported, not a failure. */
  public boolean atLivenessLimit() {
    return ClusterRun.excusedByLimit(property, livenessLimit);
  }
}
