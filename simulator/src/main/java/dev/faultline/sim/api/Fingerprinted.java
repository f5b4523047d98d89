package dev.faultline.sim.api;

import com.google.common.hash.PrimitiveSink;

/**
 * A value that writes its own fingerprint bytes (a KV store, a session table): {@link
 * FieldFingerprint}'s generic encoding writes such a field with its own {@link #fingerprint}, as a
 * node state's hand-written fingerprint does. Its bytes must be canonical (sorted, no hash order)
 * and self-delimiting (a count before the elements), like {@link Fingerprints}'s.
 */
public interface Fingerprinted {
  void fingerprint(PrimitiveSink sink);
}
