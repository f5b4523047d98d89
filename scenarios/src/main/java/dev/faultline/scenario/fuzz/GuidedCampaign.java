package dev.faultline.scenario.fuzz;

import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Coverage-guided seed scheduling: a fuzz campaign that keeps the plans (scenarios) of runs that
 * reached new abstract protocol states ({@link CoverageSink}) in a corpus, and spends a share of
 * its runs on mutants of them ({@link PlanMutator}), the rest on fresh swarm seeds.
 *
 * <p>Deterministic from the campaign's first seed and shard, whatever the thread count: runs go in
 * batches of {@value #BATCH}; a batch is planned (which runs are fresh seeds, which are mutants of
 * which corpus plans) from the corpus as the earlier batches left it, its runs may go in parallel,
 * and their coverage is merged in run order when the whole batch is done. The fresh seeds are the
 * plain campaign's, in the same order ({@link FuzzCampaign#seedAt}), so a guided campaign runs what
 * the plain one runs with mutants in between, and a fresh seed's failure replays alone. The m-th
 * mutant is numbered {@link #MUTANT_IDS} + the m-th seed (its scenario may keep its parent's seed).
 * A time cap decides only when to stop. Shards are independent guided campaigns over disjoint seeds
 * (they share no corpus).
 */
final class GuidedCampaign {
  /** Slots planned at once; fixed, so the thread count never changes what runs. */
  static final int BATCH = 8;

  /** Mutants are numbered from here (plus the seed of their rank), apart from fresh seeds. */
  public static final long MUTANT_IDS = 1_000_000_000_000L;

  private final FuzzCampaign base;
  private final double mutantShare;
  private final PlanMutator mutator;
  private final CoverageMap coverage = new CoverageMap();
  private final List<Entry> corpus = new ArrayList<>();

  /** A corpus plan: its scenario, the kinds its root seed drew, the features it found first. */
  private static final class Entry {
    final Scenario scenario;
    final Set<SwarmPlan.Kind> kinds;
    final long[] introduced;
    int picks;

    Entry(Scenario scenario, Set<SwarmPlan.Kind> kinds, long[] introduced) {
      this.scenario = scenario;
      this.kinds = kinds;
      this.introduced = introduced;
    }
  }

  /** One slot of a batch: its number, what it runs, and (mutants) what it came from. */
  private record Slot(long seed, Scenario scenario, Set<SwarmPlan.Kind> kinds, boolean mutant) {}

  /** A finished slot: its outcome and the features its run reached. */
  private record Ran(Slot slot, SeedOutcome outcome, long[] features) {}

  GuidedCampaign(FuzzCampaign base, double mutantShare) {
    this.base = base;
    this.mutantShare = mutantShare;
    ClusterSpec spec = ProtocolRegistry.DEFAULT.byName(base.config().protocol());
    this.mutator = new PlanMutator(spec == null ? List.of() : SwarmHints.of(spec).swarmRoles());
  }

  @SuppressWarnings("forbiddenapis") // wall time bounds the campaign, never a run
  FuzzCampaign.Summary run(
      FuzzCampaign.Bounds bounds, int threads, Consumer<SeedOutcome> progress, boolean stop) {
    long start = System.nanoTime();
    long deadline = bounds.seeds() > 0 ? Long.MAX_VALUE : start + bounds.timeMillis() * 1_000_000;
    long limit = bounds.seeds() > 0 ? FuzzCampaign.seedsInShard(bounds) : Long.MAX_VALUE;
    Rng rng = Rng.derived(bounds.firstSeed(), "guided-" + bounds.shard() + "/" + bounds.shards());
    List<SeedOutcome> outcomes = new ArrayList<>();
    SortedMap<Long, Scenario> failingMutants = new TreeMap<>();
    long[] counts = new long[3]; // fresh runs, mutant runs, features first reached by mutants
    long[] planned = new long[2]; // fresh seeds and mutants planned (some may not run at the end)
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    try {
      for (long k = 0; k < limit && System.nanoTime() < deadline && !failed.get(); ) {
        List<Slot> batch = new ArrayList<>();
        for (int j = 0; j < BATCH && k < limit; j++, k++) {
          batch.add(plan(bounds, planned, rng));
        }
        for (Ran r : runBatch(batch, threads, pool, deadline, failed, stop, progress)) {
          outcomes.add(r.outcome());
          counts[r.slot().mutant() ? 1 : 0]++;
          long[] fresh = coverage.add(r.features());
          counts[2] += r.slot().mutant() ? fresh.length : 0;
          if (r.outcome().failed() && r.slot().mutant()) {
            failingMutants.put(r.outcome().seed(), r.slot().scenario());
          }
          if (fresh.length > 0 && r.outcome().property() == null && !r.outcome().inconclusive()) {
            corpus.add(new Entry(r.slot().scenario(), r.slot().kinds(), fresh));
          }
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    FuzzCampaign.Guided stats =
        new FuzzCampaign.Guided(counts[0], counts[1], corpus.size(), coverage.size(), counts[2]);
    return new FuzzCampaign.Summary(
        outcomes,
        (System.nanoTime() - start) / 1_000_000,
        Math.max(1, threads),
        failingMutants,
        stats);
  }

  /**
   * The next run: the next fresh swarm seed, or (once the corpus has plans) a mutant of one; {@code
   * planned} holds the fresh seeds and mutants planned so far.
   */
  private Slot plan(FuzzCampaign.Bounds bounds, long[] planned, Rng rng) {
    if (corpus.isEmpty() || !rng.chance(mutantShare)) {
      long seed = FuzzCampaign.seedAt(bounds, planned[0]++);
      SwarmPlan.Drawn drawn = SwarmPlan.draw(base.config(), seed);
      return new Slot(seed, drawn.scenario(), drawn.kinds(), false);
    }
    long seed = MUTANT_IDS + FuzzCampaign.seedAt(bounds, planned[1]++);
    Entry parent = pick(rng);
    Entry other = pick(rng);
    parent.picks++;
    PlanMutator.Mutant m =
        mutator.mutate(parent.scenario, other.scenario, Rng.derived(seed, "guided-mutate"), seed);
    String edits = String.join(", ", m.edits().stream().map(PlanMutator.Edit::label).toList());
    Scenario s =
        m.scenario()
            .withName(
                guidedName(seed),
                "Guided fuzz run "
                    + seed
                    + ": "
                    + parent.scenario.name()
                    + " mutated ("
                    + edits
                    + "). "
                    + rootDescription(parent.scenario));
    return new Slot(seed, s, parent.kinds, true);
  }

  private String guidedName(long seed) {
    FuzzConfig c = base.config();
    return "guided-" + c.protocol() + (c.variant() == null ? "" : "-" + c.variant()) + "-" + seed;
  }

  /** The swarm seed's own description at the root of a mutant's lineage. */
  private static String rootDescription(Scenario s) {
    String d = s.description();
    int at = d.lastIndexOf(". Swarm fuzz seed ");
    return at >= 0 ? d.substring(at + 2) : d;
  }

  /**
   * A corpus plan, drawn with weight (the rarity of the features it found first: the sum of 1 /
   * runs that hit each) / sqrt(1 + times picked): plans that opened rare states are mutated most,
   * and less so each time they are.
   */
  private Entry pick(Rng rng) {
    double[] weights = new double[corpus.size()];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      Entry e = corpus.get(i);
      double rarity = 0;
      for (long f : e.introduced) {
        rarity += 1.0 / Math.max(1, coverage.hits(f));
      }
      weights[i] = rarity / Math.sqrt(1 + e.picks);
      total += weights[i];
    }
    double x = rng.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return corpus.get(i);
      }
    }
    return corpus.getLast();
  }

  /**
   * Runs a batch's slots (in parallel when {@code pool} is set); returns those that ran, in slot
   * order. No slot starts after the deadline, or after a failure when {@code stop} is set.
   */
  private List<Ran> runBatch(
      List<Slot> batch,
      int threads,
      ExecutorService pool,
      long deadline,
      AtomicBoolean failed,
      boolean stop,
      Consumer<SeedOutcome> progress) {
    Ran[] ran = new Ran[batch.size()];
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          for (int j = next.getAndIncrement(); j < batch.size(); j = next.getAndIncrement()) {
            if (!beforeDeadline(deadline) || failed.get()) {
              return;
            }
            ran[j] = runSlot(batch.get(j));
            if (stop && ran[j].outcome().failed()) {
              failed.set(true);
            }
            if (progress != null) {
              progress.accept(ran[j].outcome());
            }
          }
        };
    if (pool == null) {
      worker.run();
    } else {
      awaitAll(pool, worker, threads);
    }
    return Arrays.stream(ran).filter(r -> r != null).toList();
  }

  @SuppressWarnings("forbiddenapis") // wall time bounds the campaign, never a run
  private static boolean beforeDeadline(long deadline) {
    return System.nanoTime() < deadline;
  }

  private static void awaitAll(ExecutorService pool, Runnable worker, int threads) {
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(pool.submit(worker));
    }
    try {
      for (Future<?> w : workers) {
        w.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("fuzz worker failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Runs one slot with a coverage sink. A mutant the world refuses (a fault the edits made invalid)
   * runs as its slot's fresh seed instead, so a slot always runs something.
   */
  private Ran runSlot(Slot slot) {
    CoverageSink sink = new CoverageSink();
    try {
      SeedOutcome o = base.runPlan(slot.seed(), slot.scenario(), slot.kinds(), sink);
      return new Ran(slot, o, sink.features());
    } catch (IllegalArgumentException e) {
      if (!slot.mutant()) {
        throw e;
      }
      SwarmPlan.Drawn drawn = SwarmPlan.draw(base.config(), slot.seed());
      return runSlot(new Slot(slot.seed(), drawn.scenario(), drawn.kinds(), false));
    }
  }
}
