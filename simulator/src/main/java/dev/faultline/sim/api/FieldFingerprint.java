package dev.faultline.sim.api;

import com.google.common.hash.PrimitiveSink;
import java.util.function.Consumer;

/**
 * A node state whose {@link NodeState#fingerprint} is the generic encoding of its fields, which
 * {@link StateFidelity} then checks on every state it samples. The generic encoding: every instance
 * field of the state's class (a superclass's fields before its subclass's, each class's in
 * declaration order; {@code transient} fields left out), each written by {@link Fingerprints#put},
 * which tags every value with its type and length, so two different states never write the same
 * bytes; a field whose value is {@link Fingerprinted} writes its own bytes. The hand-written
 * fingerprint exists for speed (the explorer fingerprints every node a step touches); the reference
 * is slow and cannot forget a field. A fingerprint that leaves out, adds or reorders a field fails
 * on the first state checked, rather than only when two sampled states differ in that field alone
 * (the limit of comparing descriptions).
 */
public interface FieldFingerprint {

  /** The generic encoding of {@code state}'s fields, as the bytes a hash function reads. */
  static byte[] reference(Object state) {
    return FieldEncoding.reference(state);
  }

  /**
   * Null when {@code state}'s fingerprint writes exactly {@link #reference}'s bytes; otherwise a
   * sentence naming the first field where they part.
   */
  static String mismatch(NodeState<?> state) {
    return FieldEncoding.mismatch(state, state::fingerprint);
  }

  /** As above, for the fingerprint {@code fingerprint} writes (a test plants a faulty one). */
  static String mismatch(Object state, Consumer<PrimitiveSink> fingerprint) {
    return FieldEncoding.mismatch(state, fingerprint);
  }
}
