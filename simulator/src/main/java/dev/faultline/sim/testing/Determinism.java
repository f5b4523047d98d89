package dev.faultline.sim.testing;

import dev.faultline.sim.trace.HashingTraceSink;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run-twice-and-compare test every simulation gets: the same seed must give a byte-identical
 * trace, and different seeds must give different traces (otherwise the seed does not reach the
 * simulation and a fuzz campaign explores one schedule over and over).
 *
 * <p>Usable from any module's tests without a JUnit dependency: failures throw {@link
 * AssertionError} with a one-paragraph message naming the seed and, for a mismatch, the first
 * differing trace line of both runs.
 *
 * <pre>{@code
 * Determinism.assertDeterministic(
 *     (seed, sink) -> {
 *       World w = new World(WorldConfig.of(seed).withMaxTicks(5_000), cluster(), sink);
 *       w.schedule(faults);
 *       w.run();
 *       w.end("done");
 *     },
 *     1, 2, 3);
 * }</pre>
 *
 * The run must build everything (cluster, invariants, world) fresh from the seed each time: state
 * shared between runs is exactly the kind of leak this catches.
 *
 * <p>What running twice in one JVM cannot see: orders salted per JVM run ({@code Set.of}/{@code
 * Map.of} iteration and toString, identity and enum hash codes feeding a HashMap). Pin one run's
 * hash with {@link #assertTraceHash} (a golden hash) to catch those: it then also fails whenever
 * the run's semantics change, which for kernel and protocol code should be a deliberate act.
 */
public final class Determinism {
  private Determinism() {}

  /** One simulation for one seed, writing every trace event to {@code sink}. */
  @FunctionalInterface
  public interface SeededRun {
    void run(long seed, TraceSink sink) throws Exception;
  }

  /**
   * For each seed: runs twice and requires identical trace hashes. Then requires all the seeds'
   * hashes to differ. Returns the hash (SHA-256 hex of the JSONL bytes) per seed.
   */
  public static Map<Long, String> assertDeterministic(SeededRun run, long... seeds) {
    if (seeds.length == 0) {
      throw new IllegalArgumentException("give at least one seed");
    }
    Map<Long, String> hashes = new TreeMap<>();
    for (long seed : seeds) {
      hashes.put(seed, assertSameSeedSameTrace(run, seed));
    }
    Map<String, Long> seen = new TreeMap<>();
    for (long seed : seeds) {
      Long earlier = seen.putIfAbsent(hashes.get(seed), seed);
      if (earlier != null && earlier != seed) {
        throw sameTraceForDifferentSeeds(earlier, seed, hashes.get(seed));
      }
    }
    return hashes;
  }

  /** Runs {@code seed} twice; fails unless both traces are byte-identical. Returns the hash. */
  public static String assertSameSeedSameTrace(SeededRun run, long seed) {
    HashingTraceSink first = runHashed(run, seed);
    HashingTraceSink second = runHashed(run, seed);
    if (first.hex().equals(second.hex())) {
      if (first.count() == 0) {
        throw new AssertionError(
            "seed " + seed + ": the run wrote no trace events, so determinism proves nothing");
      }
      return first.hex();
    }
    // Mismatch: re-run both with the events kept, to name the first differing line.
    InMemoryTrace a = runKept(run, seed);
    InMemoryTrace b = runKept(run, seed);
    StringBuilder msg =
        new StringBuilder("nondeterminism: seed ")
            .append(seed)
            .append(" gave two different traces (sha256 ")
            .append(first.hex(), 0, 12)
            .append(", ")
            .append(first.count())
            .append(" events vs ")
            .append(second.hex(), 0, 12)
            .append(", ")
            .append(second.count())
            .append(" events)");
    String diff = firstDifference(a.lines(), b.lines());
    if (diff == null) {
      msg.append("; re-running twice more gave identical traces, so it is intermittent");
    } else {
      msg.append("; ").append(diff);
    }
    throw new AssertionError(msg.toString());
  }

  /** Fails unless seeds {@code a} and {@code b} give different traces. */
  public static void assertSeedsDiffer(SeededRun run, long a, long b) {
    if (a == b) {
      throw new IllegalArgumentException("seeds must differ, both were " + a);
    }
    String ha = runHashed(run, a).hex();
    String hb = runHashed(run, b).hex();
    if (ha.equals(hb)) {
      throw sameTraceForDifferentSeeds(a, b, ha);
    }
  }

  /**
   * Fails unless the run for {@code seed} has the trace hash {@code expectedSha256} (a golden hash
   * recorded from an earlier run, in any JVM). The message gives the actual hash to paste in when
   * the change in behaviour is intended.
   */
  public static void assertTraceHash(SeededRun run, long seed, String expectedSha256) {
    String actual = traceHash(run, seed);
    if (!actual.equals(expectedSha256)) {
      throw new AssertionError(
          "seed "
              + seed
              + ": trace hash is "
              + actual
              + " but the recorded golden hash is "
              + expectedSha256
              + ". Either behaviour changed on purpose (then update the golden hash) or the run"
              + " depends on something outside its seed that differs between JVM runs (Set.of/Map.of"
              + " order, identity or enum hash codes)");
    }
  }

  /** SHA-256 (hex) of the trace of one run. */
  public static String traceHash(SeededRun run, long seed) {
    return runHashed(run, seed).hex();
  }

  /**
   * Describes where two traces first differ ("first difference at line N: ... vs ..."), or returns
   * null when they are equal. Lines are JSON Lines without newlines.
   */
  public static String firstDifference(List<String> a, List<String> b) {
    int n = Math.min(a.size(), b.size());
    for (int k = 0; k < n; k++) {
      if (!a.get(k).equals(b.get(k))) {
        return "first difference at line "
            + (k + 1)
            + ":\n  run 1: "
            + a.get(k)
            + "\n  run 2: "
            + b.get(k);
      }
    }
    if (a.size() != b.size()) {
      List<String> longer = a.size() > b.size() ? a : b;
      return "run "
          + (a.size() > b.size() ? 1 : 2)
          + " has extra lines from line "
          + (n + 1)
          + ": "
          + longer.get(n);
    }
    return null;
  }

  private static AssertionError sameTraceForDifferentSeeds(long a, long b, String hash) {
    return new AssertionError(
        "seeds "
            + a
            + " and "
            + b
            + " produced the identical trace (sha256 "
            + hash.substring(0, 12)
            + "): the seed does not reach the simulation (no randomness used, or a fixed seed"
            + " somewhere)");
  }

  private static HashingTraceSink runHashed(SeededRun run, long seed) {
    HashingTraceSink sink = new HashingTraceSink();
    invoke(run, seed, sink);
    return sink;
  }

  private static InMemoryTrace runKept(SeededRun run, long seed) {
    InMemoryTrace sink = new InMemoryTrace();
    invoke(run, seed, sink);
    return sink;
  }

  private static void invoke(SeededRun run, long seed, TraceSink sink) {
    try {
      run.run(seed, sink);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("seed " + seed + ": the run threw " + e, e);
    }
  }

  /** Lists seeds {@code first, first+1, ..., first+count-1} (convenience for tests). */
  public static long[] seeds(long first, int count) {
    List<Long> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      out.add(first + k);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }
}
