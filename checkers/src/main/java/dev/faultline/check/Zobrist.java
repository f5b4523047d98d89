package dev.faultline.check;

/**
 * Fixed pseudo-random 64-bit keys per operation for incremental (Zobrist) hashing of the set of
 * linearized operations: adding or removing an operation is one XOR, instead of rehashing a bitset
 * at every step. Two independent keys give a 128-bit fingerprint. Derived from the index by the
 * SplitMix64 finaliser, so they are the same in every run.
 */
final class Zobrist {
  private Zobrist() {}

  static long first(int op) {
    return mix(0x9E3779B97F4A7C15L * (op + 1L));
  }

  static long second(int op) {
    return mix(0xD1B54A32D192ED03L * (op + 1L) ^ 0x5851F42D4C957F2DL);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
