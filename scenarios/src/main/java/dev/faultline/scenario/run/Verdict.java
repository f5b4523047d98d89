package dev.faultline.scenario.run;

/** What a run found, before comparing with the scenario's {@code expect}. */
public enum Verdict {
  /** No invariant broke, the history is linearizable and (if checked) every op completed. */
  PASS,
  /** A named property was violated. */
  VIOLATION,
  /** A bound ended the linearizability check before it reached a verdict. */
  INCONCLUSIVE
}
