package dev.faultline.sim.explore;

/**
 * The search's stopwatch, for {@code --time} and states per second. It measures the explorer's own
 * running time and is never handed to a handler, an invariant or a state: logical time in the
 * explored system comes only from clock-step actions, so no simulated state can observe it.
 */
@SuppressForbidden(reason = "measures the search's duration only; never visible to simulated code")
final class WallClock {
  private final long startNanos = System.nanoTime();

  long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000L;
  }

  long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }
}
