package dev.faultline.sim.api;

/**
 * One operation in a client's workload: f is get, put or append (KV model). A client issues its
 * operations in order, one at a time, each no earlier than {@code notBeforeTick} (0: as soon as the
 * previous one completed), which lets scenario files script a failure step by step.
 */
public record ClientOp(String f, String key, String value, long notBeforeTick) {
  public ClientOp {
    java.util.Objects.requireNonNull(f, "f");
    java.util.Objects.requireNonNull(key, "key");
    if (notBeforeTick < 0) {
      throw new IllegalArgumentException("notBeforeTick must be >= 0, was " + notBeforeTick);
    }
  }

  public ClientOp(String f, String key, String value) {
    this(f, key, value, 0);
  }
}
