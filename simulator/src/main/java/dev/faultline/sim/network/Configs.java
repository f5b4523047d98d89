package dev.faultline.sim.network;

/** Fail-fast validation that names the offending field (configuration records, fault checks). */
public final class Configs {
  private Configs() {}

  public static void requireAtLeast(String field, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
    }
  }

  public static void requireRate(String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be a probability in [0, 1], was " + value);
    }
  }
}
