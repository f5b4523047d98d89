package dev.faultline.sim.api;

/**
 * A node's reading of its local clock as an interval: the clock promises lowerTicks &lt;= true time
 * &lt;= upperTicks while it stays within its configured uncertainty (epsilon). Out-of-spec clock
 * faults break that promise on purpose.
 */
public record ClockReading(long lowerTicks, long upperTicks) {
  public ClockReading {
    if (lowerTicks > upperTicks) {
      throw new IllegalArgumentException(
          "lowerTicks " + lowerTicks + " > upperTicks " + upperTicks);
    }
  }
}
