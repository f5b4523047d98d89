package dev.faultline.sim.explore;

/**
 * A handler or state copy that does not behave as a pure function of the node's state: re-running
 * it on a fresh copy gave a different result, {@code copy()} did not fingerprint like the original,
 * or a replayed path did not reach the recorded state.
 */
public final class Nondeterminism extends RuntimeException {
  public Nondeterminism(String message) {
    super(message, null, false, false);
  }
}
