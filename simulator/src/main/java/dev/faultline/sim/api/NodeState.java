package dev.faultline.sim.api;

import com.google.common.hash.PrimitiveSink;

/**
 * A node's volatile state (the durable part is whatever it last persisted). The simulator mutates
 * it in place; the explorer copies the node it steps ({@link #copy()}) and deduplicates states by
 * {@link #fingerprint}, which must write every field that affects future behaviour in a canonical
 * order (sorted maps and sets; never {@code hashCode()}, which differs between JVM runs for enums).
 * {@link Fingerprints} does that for common values.
 */
public interface NodeState<S extends NodeState<S>> {
  /**
   * An independent copy: a change to either side never shows in the other. Parallel explorer
   * workers may copy one stored state at the same time, so a copy may share structure copy-on-write
   * and mark both sides "shared" (an idempotent flag), but must change nothing else in the source.
   */
  S copy();

  void fingerprint(PrimitiveSink sink);
}
