package dev.faultline.sim.network;

/** How long a message takes on the wire, in ticks. */
public sealed interface Latency {

  long minTicks();

  long maxTicks();

  /** Every message takes exactly {@code ticks}. */
  record Fixed(long ticks) implements Latency {
    public Fixed {
      Configs.requireAtLeast("latency.ticks", ticks, 0);
    }

    public long minTicks() {
      return ticks;
    }

    public long maxTicks() {
      return ticks;
    }
  }

  /** Uniform in [minTicks, maxTicks]. */
  record Uniform(long minTicks, long maxTicks) implements Latency {
    public Uniform {
      Configs.requireAtLeast("latency.minTicks", minTicks, 0);
      Configs.requireAtLeast("latency.maxTicks", maxTicks, minTicks);
    }
  }

  /**
   * Mostly near {@code minTicks} with a long tail up to {@code maxTicks} (a truncated exponential
   * with the given mean above the minimum): what real networks look like.
   */
  record LongTail(long minTicks, long meanTicks, long maxTicks) implements Latency {
    public LongTail {
      Configs.requireAtLeast("latency.minTicks", minTicks, 0);
      Configs.requireAtLeast("latency.meanTicks", meanTicks, minTicks);
      Configs.requireAtLeast("latency.maxTicks", maxTicks, meanTicks);
    }
  }
}
