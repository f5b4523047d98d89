package dev.faultline.sim.rand;

import java.nio.charset.StandardCharsets;

/**
 * The testbed's only source of randomness: xoshiro256** (Blackman and Vigna), seeded through
 * SplitMix64. The algorithm is pinned here rather than borrowed from the JDK so that a seed replays
 * identically on every JDK. Not thread-safe; one stream per subsystem.
 */
public final class Rng {
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  public Rng(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = mix(x);
  }

  /** A new independent stream whose seed is derived from this run's seed and a label. */
  public static Rng derived(long seed, String label) {
    return new Rng(deriveSeed(seed, label));
  }

  /**
   * Sub-seed for a subsystem ("network", "faults", "node:s1", ...): adding a subsystem or a fault
   * does not reshuffle the choices of the others.
   */
  public static long deriveSeed(long seed, String label) {
    long h = 0xcbf29ce484222325L; // FNV-1a over the label's UTF-8 bytes
    for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return mix(seed ^ mix(h));
  }

  /** SplitMix64's finaliser. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform in [0, bound), bound &gt; 0, without modulo bias (Lemire's method). */
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, was " + bound);
    }
    long r = nextLong() >>> 1;
    long m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    long u = r;
    while (u - (r = u % bound) + m < 0) {
      u = nextLong() >>> 1;
    }
    return r;
  }

  /** Uniform in [min, max], inclusive. */
  public long nextLong(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
    if (min == max) {
      return min;
    }
    return min + nextLong(max - min + 1);
  }

  public int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  /** Uniform in [0, 1) with 53 bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** True with probability p (p &lt;= 0: never, p &gt;= 1: always, drawing nothing). */
  public boolean chance(double p) {
    if (p <= 0) {
      return false;
    }
    if (p >= 1) {
      return true;
    }
    return nextDouble() < p;
  }
}
