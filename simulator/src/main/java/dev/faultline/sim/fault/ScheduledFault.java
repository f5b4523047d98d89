package dev.faultline.sim.fault;

/** A fault at a tick. */
public record ScheduledFault(long tick, Fault fault) {
  public ScheduledFault {
    if (tick < 0) {
      throw new IllegalArgumentException("fault tick must be >= 0, was " + tick);
    }
    java.util.Objects.requireNonNull(fault, "fault");
  }
}
