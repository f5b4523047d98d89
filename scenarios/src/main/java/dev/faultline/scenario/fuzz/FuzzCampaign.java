package dev.faultline.scenario.fuzz;

import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdict;
import dev.faultline.sim.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

  /**
   * What a guided campaign ({@link #guided}) did: runs of fresh swarm seeds and of mutants, plans
   * kept in its corpus, coverage features seen, and how many of those mutants reached first.
   */
  public record Guided(
      long freshRuns, long mutantRuns, int corpusPlans, int features, long featuresByMutants) {
    /** One line for the human summary. */
    public String line() {
      return String.format(
          java.util.Locale.ROOT,
          "Guided: %d fresh seeds and %d mutants; corpus %d plans; %d coverage features (%d first"
              + " reached by mutants)",
          freshRuns,
          mutantRuns,
          corpusPlans,
          features,
          featuresByMutants);
    }
  }

  /**
   * What a campaign found, seeds in increasing order (a guided campaign: in run order, its fresh
   * seeds in increasing order with its mutants, numbered from {@link GuidedCampaign#MUTANT_IDS}, in
   * between).
   *
   * @param mutants the scenarios of failing mutants, by their seed (a fresh seed's scenario is
   *     {@link SwarmPlan#scenario}); empty for a plain campaign
   * @param guided what a guided campaign did; null for a plain campaign
   */
  public record Summary(
      List<SeedOutcome> outcomes,
      long elapsedMillis,
      int threads,
      java.util.SortedMap<Long, Scenario> mutants,
      Guided guided) {
    public Summary(List<SeedOutcome> outcomes, long elapsedMillis, int threads) {
      this(outcomes, elapsedMillis, threads, new java.util.TreeMap<>(), null);
    }

    public Summary {
      mutants = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(mutants));
    }

    /** The scenario a failing outcome ran: its mutant's, or its seed's swarm scenario. */
    public Scenario scenarioOf(FuzzConfig config, SeedOutcome o) {
      Scenario m = mutants.get(o.seed());
      return m != null ? m : SwarmPlan.scenario(config, o.seed());
    }

    /** Whether {@code o} ran a mutant of a corpus plan (guided campaigns only). */
    public boolean isMutant(SeedOutcome o) {
      return mutants.containsKey(o.seed());
    }

    /** Runs up to and including {@code o} (1-based; in a guided campaign, mutants count). */
    public long runsTo(SeedOutcome o) {
      return outcomes.indexOf(o) + 1;
    }

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
  // Coverage-guided scheduling: the share of runs spent on mutants; negative: off (plain swarm).
  private final double mutantShare;

  public FuzzCampaign(FuzzConfig config, RunOptions options, boolean checkDeterminism) {
    this(config, options, checkDeterminism, -1);
  }

  private FuzzCampaign(
      FuzzConfig config, RunOptions options, boolean checkDeterminism, double mutantShare) {
    this.config = config;
    this.options = options.withOut(null).withHashTrace(checkDeterminism);
    this.checkDeterminism = checkDeterminism;
    this.mutantShare = mutantShare;
  }

  /** The default share of a guided campaign's runs spent on mutants of its corpus. */
  public static final double DEFAULT_MUTANT_SHARE = 0.5;

  /**
   * This campaign with coverage-guided scheduling ({@link GuidedCampaign}): {@code mutantShare} of
   * the runs (once the corpus has a plan) mutate plans that reached new abstract protocol states,
   * the rest are fresh swarm seeds.
   */
  public FuzzCampaign guided(double mutantShare) {
    if (!(mutantShare >= 0 && mutantShare < 1)) {
      throw new IllegalArgumentException("mutant share must be in [0, 1), was " + mutantShare);
    }
    return new FuzzCampaign(config, options, checkDeterminism, mutantShare);
  }

  public boolean isGuided() {
    return mutantShare >= 0;
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
    if (isGuided()) {
      return new GuidedCampaign(this, mutantShare).run(bounds, threads, progress, stopOnFailure);
    }
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
    return runPlan(seed, drawn.scenario(), drawn.kinds(), TraceSink.NONE);
  }

  /**
   * Runs scenario {@code s} as seed {@code seed} of the campaign ({@code kinds}: the fault kinds
   * its swarm seed drew); {@code sink} sees the first run's events (a guided campaign's coverage).
   */
  SeedOutcome runPlan(long seed, Scenario s, Set<SwarmPlan.Kind> kinds, TraceSink sink) {
    ScenarioResult r = ScenarioRunner.run(s, options, sink);
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
        kinds.stream().map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList(),
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
