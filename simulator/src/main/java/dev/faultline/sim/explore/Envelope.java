package dev.faultline.sim.explore;

import dev.faultline.sim.api.Message;

/**
 * One message in flight, from node index {@code from} to node index {@code to}. {@code fingerprint}
 * covers (from, to, message) and orders the in-flight multiset canonically; {@code id} is a trace
 * message id used only when replaying a counterexample (0 during search, never fingerprinted).
 */
record Envelope(int from, int to, Message message, long fingerprint, long id) {

  /**
   * The pinned fingerprint of a message from {@code from} to {@code to} whose own fingerprint is
   * {@code messageFingerprint}: {@code Fingerprints}' Murmur3-128 (seed 0) of the ints {@code
   * from}, {@code to} and the long, as {@code asLong()}, computed here for exactly that 16-byte
   * input (one block, no tail) instead of through a {@code Hasher} allocated per send. {@code
   * EnvelopeFingerprintTest} holds it equal to the library's.
   */
  static long fingerprintOf(int from, int to, long messageFingerprint) {
    long k1 = (from & 0xFFFFFFFFL) | ((long) to << 32); // little-endian: from's bytes first
    long k2 = messageFingerprint;
    long h1 = Long.rotateLeft(k1 * C1, 31) * C2; // seed 0: h1 = h2 = 0
    h1 = Long.rotateLeft(h1, 27) * 5 + 0x52dce729;
    long h2 = Long.rotateLeft(k2 * C2, 33) * C1;
    h2 = (Long.rotateLeft(h2, 31) + h1) * 5 + 0x38495ab5;
    h1 ^= 16;
    h2 ^= 16;
    h1 += h2;
    h2 += h1;
    h1 = FastSink.fmix(h1);
    h2 = FastSink.fmix(h2);
    return h1 + h2;
  }

  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  /** Canonical order: by fingerprint, then by id (so replay delivers the oldest equal copy). */
  static int compare(Envelope a, Envelope b) {
    int c = Long.compare(a.fingerprint, b.fingerprint);
    return c != 0 ? c : Long.compare(a.id, b.id);
  }
}
