package dev.faultline.sim.trace;

/**
 * Where a run's events go. {@link #enabled()} false lets the kernel skip building events at all
 * (benchmarks, fuzzing before a failure is found: a failing seed is re-run with a trace).
 */
public interface TraceSink {
  TraceSink NONE =
      new TraceSink() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public void accept(TraceEvent event) {}
      };

  /** Constant for a sink's life: the world reads it once, when it is built. */
  boolean enabled();

  /** Receives event number {@code n} (0-based, in order). */
  void accept(TraceEvent event);

  /**
   * The log that records node states after every step (see {@link NodeStateLog}), or null (the
   * default): the run describes node states only when its sink asks for them.
   */
  default NodeStateLog states() {
    return null;
  }
}
