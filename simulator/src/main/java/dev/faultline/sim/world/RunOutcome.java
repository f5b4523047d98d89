package dev.faultline.sim.world;

import dev.faultline.sim.trace.TraceEvent;

/**
 * How a run ended: {@code stop} says which bound or condition ended it; {@code violation} is set
 * when an invariant broke (the first one stops the run).
 */
public record RunOutcome(Stop stop, long tick, long events, TraceEvent.Violation violation) {
  /** Why the run stopped. */
  public enum Stop {
    /** Reached the requested tick or the config's maxTicks. */
    TIME_LIMIT,
    /** Reached maxEvents. */
    EVENT_LIMIT,
    /** An invariant broke. */
    VIOLATION,
    /** Nothing left to do: no pending events. */
    QUIESCENT
  }

  public boolean violated() {
    return violation != null;
  }
}
