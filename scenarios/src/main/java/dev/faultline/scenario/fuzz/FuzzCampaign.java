package dev.faultline.scenario.fuzz;

import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs many swarm seeds on a pool of threads. Each run is single-threaded and deterministic, so
 * parallelism changes only wall time, never a seed's outcome. Seeds are {@code firstSeed + i}; a
 * shard {@code I/N} (1-based) takes the indices i with {@code i mod N == I-1}, so N CI jobs cover a
 * range exactly once. Tracing is off (TraceSink.NONE) unless determinism is checked, in which case
 * each seed runs twice with the trace hashed.
 */
public final class FuzzCampaign {
  /** How much to fuzz. {@code seeds} &gt; 0 bounds by count, else {@code timeMillis} by time. */
  public record Bounds(long firstSeed, long seeds, long timeMillis, int shard, int shards) {
    public Bounds {
      if (shards < 1 || shard < 1 || shard > shards) {
        throw new IllegalArgumentException("shard must be I/N with 1 <= I <= N");
      }
    }
  }

  /** What a campaign found, seeds in increasing order. */
  public record Summary(List<SeedOutcome> outcomes, long elapsedMillis, int threads) {
    public List<SeedOutcome> failures() {
      return outcomes.stream().filter(SeedOutcome::failed).toList();
    }

    /** Seeds that ended in Liveness inside a declared progress limit (not failures). */
    public List<SeedOutcome> livenessLimits() {
      return outcomes.stream().filter(SeedOutcome::atLivenessLimit).toList();
    }

    public List<SeedOutcome> nondeterministic() {
      return outcomes.stream().filter(o -> !o.deterministic()).toList();
    }

    public double seedsPerMinute() {
      return elapsedMillis == 0 ? 0 : outcomes.size() * 60_000.0 / elapsedMillis;
    }
  }

  private final FuzzConfig config;
  private final RunOptions options;
  private final boolean checkDeterminism;

  public FuzzCampaign(FuzzConfig config, RunOptions options, boolean checkDeterminism) {
    this.config = config;
    this.options = options.withOut(null).withHashTrace(checkDeterminism);
    this.checkDeterminism = checkDeterminism;
  }

  /** The seed at position {@code k} of this shard. */
  static long seedAt(Bounds b, long k) {
    return b.firstSeed() + (b.shard() - 1) + k * b.shards();
  }

  static long seedsInShard(Bounds b) {
    long idx = b.shard() - 1;
    return b.seeds() <= idx ? 0 : (b.seeds() - idx + b.shards() - 1) / b.shards();
  }

  /** Runs the campaign; {@code progress} is called (from worker threads) after each seed. */
  @SuppressWarnings("forbiddenapis") // wall time bounds the campaign, never a run
  public Summary run(Bounds bounds, int threads, Consumer<SeedOutcome> progress) {
    return run(bounds, threads, progress, false);
  }

  /**
   * As {@link #run(Bounds, int, Consumer)}; with {@code stopOnFailure} no new seed starts after the
   * first failure (on one thread, the campaign ends exactly at the first failing seed: how many
   * seeds it takes to find a bug).
   */
  @SuppressWarnings("forbiddenapis") // wall time bounds the campaign, never a run
  public Summary run(
      Bounds bounds, int threads, Consumer<SeedOutcome> progress, boolean stopOnFailure) {
    long start = System.nanoTime();
    java.util.concurrent.atomic.AtomicBoolean failed =
        new java.util.concurrent.atomic.AtomicBoolean();
    long deadline = bounds.seeds() > 0 ? Long.MAX_VALUE : start + bounds.timeMillis() * 1_000_000;
    long limit = bounds.seeds() > 0 ? seedsInShard(bounds) : Long.MAX_VALUE;
    AtomicLong next = new AtomicLong();
    ConcurrentSkipListMap<Long, SeedOutcome> done = new ConcurrentSkipListMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < Math.max(1, threads); t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < deadline && !failed.get()) {
                    long k = next.getAndIncrement();
                    if (k >= limit) {
                      return;
                    }
                    SeedOutcome o = runSeed(seedAt(bounds, k));
                    done.put(k, o);
                    if (stopOnFailure && o.failed()) {
                      failed.set(true);
                    }
                    if (progress != null) {
                      progress.accept(o);
                    }
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("fuzz worker failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Summary(
        new ArrayList<>(done.values()),
        (System.nanoTime() - start) / 1_000_000,
        Math.max(1, threads));
  }

  /** Draws and runs one seed (twice, comparing trace hashes, when checking determinism). */
  public SeedOutcome runSeed(long seed) {
    SwarmPlan.Drawn drawn = SwarmPlan.draw(config, seed);
    Scenario s = drawn.scenario();
    ScenarioResult r = ScenarioRunner.run(s, options);
    boolean deterministic = true;
    if (checkDeterminism) {
      ScenarioResult again = ScenarioRunner.run(s, options);
      deterministic =
          r.traceSha256().equals(again.traceSha256())
              && java.util.Objects.equals(r.property(), again.property());
    }
    return new SeedOutcome(
        seed,
        r.property(),
        r.message(),
        r.verdict() == Verdict.INCONCLUSIVE,
        deterministic,
        r.outcome().events(),
        s.faults().size(),
        s.operationCount(),
        r.progressLimit(),
        drawn.kinds().stream().map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList(),
        faultTypes(s));
  }

  /** The scenario's scheduled faults counted by type (for the campaign's coverage). */
  private static java.util.SortedMap<String, Integer> faultTypes(Scenario s) {
    java.util.SortedMap<String, Integer> types = new java.util.TreeMap<>();
    s.faults().forEach(f -> types.merge(f.fault().type(), 1, Integer::sum));
    return types;
  }

  public FuzzConfig config() {
    return config;
  }
}
