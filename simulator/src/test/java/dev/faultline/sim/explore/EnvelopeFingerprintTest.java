package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.sim.api.Fingerprints;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The inlined envelope hash equals the pinned library hash it replaces (canonical order). */
class EnvelopeFingerprintTest {
  @Test
  void equalsTheLibraryMurmur3OfTheSameInts() {
    SplittableRandom rng = new SplittableRandom(18);
    long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
    for (int k = 0; k < 10_000; k++) {
      int from = k < 64 ? k % 8 : rng.nextInt();
      int to = k < 64 ? k / 8 : rng.nextInt();
      long message = k < edges.length ? edges[k] : rng.nextLong();
      long library =
          Fingerprints.hashFunction()
              .newHasher()
              .putInt(from)
              .putInt(to)
              .putLong(message)
              .hash()
              .asLong();
      assertEquals(library, Envelope.fingerprintOf(from, to, message), from + " " + to);
    }
  }
}
