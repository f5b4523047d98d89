package dev.faultline.sim.api;

import com.google.common.hash.PrimitiveSink;

/**
 * What a node has written to stable storage. Immutable (a record of immutable values): the kernel
 * keeps the reference it was given by {@link Effects#persist}, and a crash-restart hands the last
 * one back to {@link Protocol#init}. Anything not persisted is lost in a crash.
 */
public interface Durable {
  /**
   * Writes this value as {@link Fingerprints#put} writes it (the default does exactly that). The
   * explorer fingerprints a node's durable state at every step that persists; a protocol that
   * persists on most steps may write the same bytes by hand, faster than the generic record path (a
   * test should compare the two).
   */
  default void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, this);
  }
}
