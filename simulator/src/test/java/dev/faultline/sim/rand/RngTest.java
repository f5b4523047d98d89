package dev.faultline.sim.rand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
  @Test
  void sameSeedSameStreamAcrossInstances() {
    Rng a = new Rng(42);
    Rng b = new Rng(42);
    for (int i = 0; i < 1000; i++) {
      assertEquals(a.nextLong(), b.nextLong());
    }
  }

  @Test
  void pinnedAlgorithmGivesKnownFirstValue() {
    // Pins the algorithm: if this changes, every recorded seed replays differently.
    Rng r = new Rng(0);
    assertEquals(-7355399402456485196L, r.nextLong());
    assertEquals(-4652746763540216534L, r.nextLong());
    assertEquals(-8263425622944266545L, Rng.deriveSeed(7, "network"));
    assertNotEquals(new Rng(0).nextLong(), new Rng(1).nextLong());
  }

  @Test
  void derivedSeedsDifferByLabel() {
    assertNotEquals(Rng.deriveSeed(7, "network"), Rng.deriveSeed(7, "faults"));
    assertEquals(Rng.deriveSeed(7, "network"), Rng.deriveSeed(7, "network"));
  }

  @Test
  void boundedDrawsStayInRange() {
    Rng r = new Rng(3);
    for (int i = 0; i < 10_000; i++) {
      long v = r.nextLong(5, 9);
      assertTrue(v >= 5 && v <= 9, "out of range: " + v);
      double d = r.nextDouble();
      assertTrue(d >= 0 && d < 1);
    }
  }
}
