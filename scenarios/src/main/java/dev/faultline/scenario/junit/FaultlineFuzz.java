package dev.faultline.scenario.junit;

import dev.faultline.scenario.fuzz.FailureReport;
import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.shrink.Shrinker;
import dev.faultline.sim.api.ClusterSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Swarm fuzzing as a JUnit 5 property-based test: every seed is a test case, a failing seed is
 * written as a scenario file, shrunk, traced, and the assertion message ends with the one-line
 * reproduction command.
 *
 * <pre>{@code
 * @Test
 * void raftIsLinearizableUnderFaults() {
 *   FaultlineFuzz.protocol("raft").nodes(3).ops(200).seeds(100).check();
 * }
 *
 * @TestFactory
 * Stream<DynamicTest> everySeed() {
 *   return FaultlineFuzz.protocol("raft").seeds(50).dynamicTests();
 * }
 *
 * @Test
 * void theFuzzerFindsBugR3() {
 *   FaultlineFuzz.protocol("raft").variant("R3").seeds(200).expectViolation("ElectionSafety");
 * }
 * }</pre>
 *
 * Your own protocol: {@code FaultlineFuzz.protocol(new MySpec())}. Seeds can be overridden from the
 * command line with {@code -Dfaultline.seeds=N} and {@code -Dfaultline.firstSeed=S}, so CI can fuzz
 * longer than a developer's default.
 */
public final class FaultlineFuzz {
  private final ProtocolRegistry registry;
  private final String protocol;
  private String variant;
  private int nodes = 3;
  private int clients = 3;
  private int ops = 100;
  private long thinkTicks = 10;
  private long durationTicks = 0;
  private long seeds = 50;
  private long firstSeed = 1;
  private int threads = 1;
  private boolean shrink = true;
  private double mutantShare = -1; // negative: plain swarm seeds
  private Path outDir = Path.of("target", "faultline");
  private final TreeMap<String, String> protocolOptions = new TreeMap<>();

  private FaultlineFuzz(ProtocolRegistry registry, String protocol) {
    this.registry = registry;
    this.protocol = protocol;
  }

  /** A protocol of the testbed, by name ("raft", "pb", ...). */
  public static FaultlineFuzz protocol(String name) {
    if (ProtocolRegistry.DEFAULT.byName(name) == null) {
      throw new IllegalArgumentException(
          "unknown protocol '" + name + "'; known: " + ProtocolRegistry.DEFAULT.names());
    }
    return new FaultlineFuzz(ProtocolRegistry.DEFAULT, name);
  }

  /** Your own protocol. */
  public static FaultlineFuzz protocol(ClusterSpec spec) {
    return new FaultlineFuzz(ProtocolRegistry.DEFAULT.with(spec), spec.name());
  }

  public FaultlineFuzz variant(String id) {
    this.variant = id;
    return this;
  }

  public FaultlineFuzz nodes(int n) {
    this.nodes = n;
    return this;
  }

  public FaultlineFuzz clients(int n) {
    this.clients = n;
    return this;
  }

  /** Client operations per seed. */
  public FaultlineFuzz ops(int n) {
    this.ops = n;
    return this;
  }

  /** Mean ticks a client waits between its operations (default 10). */
  public FaultlineFuzz thinkTicks(long t) {
    this.thinkTicks = t;
    return this;
  }

  /**
   * The fault period in ticks (default 0: derived from the workload, so clients offer their
   * operations in its first half). A shorter one leaves operations for the stabilize phase, where a
   * protocol's settled latency bound looks at them.
   */
  public FaultlineFuzz durationTicks(long t) {
    this.durationTicks = t;
    return this;
  }

  public FaultlineFuzz seeds(long n) {
    this.seeds = n;
    return this;
  }

  public FaultlineFuzz firstSeed(long s) {
    this.firstSeed = s;
    return this;
  }

  /** Parallel runs for {@link #check()} (each run stays single-threaded and deterministic). */
  public FaultlineFuzz threads(int n) {
    this.threads = n;
    return this;
  }

  /**
   * Coverage-guided seed scheduling for {@link #check()} and {@link #expectViolation}: half the
   * runs mutate plans that reached new abstract protocol states, half are fresh seeds (as {@code
   * faultline fuzz --guided}). Deterministic from the first seed at any thread count; {@link
   * #dynamicTests()} and {@link #checkSeed} stay one seed per test.
   */
  public FaultlineFuzz guided() {
    return guided(FuzzCampaign.DEFAULT_MUTANT_SHARE);
  }

  /** As {@link #guided()}, with {@code mutantShare} (in [0, 1)) of the runs on mutants. */
  public FaultlineFuzz guided(double mutantShare) {
    if (!(mutantShare >= 0 && mutantShare < 1)) {
      throw new IllegalArgumentException("mutant share must be in [0, 1), was " + mutantShare);
    }
    this.mutantShare = mutantShare;
    return this;
  }

  public FaultlineFuzz shrink(boolean on) {
    this.shrink = on;
    return this;
  }

  /**
   * A protocol option for every seed (as the CLI's {@code --option}), e.g. a swarm option such as
   * pb's {@code swarmRarePaths=true}.
   */
  public FaultlineFuzz option(String key, String value) {
    protocolOptions.put(key, value);
    return this;
  }

  /** Where failing scenarios, shrunk scenarios and traces go (default target/faultline). */
  public FaultlineFuzz outDir(Path dir) {
    this.outDir = dir;
    return this;
  }

  private FuzzConfig config() {
    return new FuzzConfig(
        protocol,
        variant,
        nodes,
        clients,
        ops,
        thinkTicks,
        durationTicks,
        0,
        new TreeMap<>(protocolOptions));
  }

  private FuzzCampaign campaign() {
    FuzzCampaign c = new FuzzCampaign(config(), options(), false);
    return mutantShare < 0 ? c : c.guided(mutantShare);
  }

  private RunOptions options() {
    return RunOptions.DEFAULT.withRegistry(registry);
  }

  private long effectiveSeeds() {
    return Long.getLong("faultline.seeds", seeds);
  }

  private long effectiveFirstSeed() {
    return Long.getLong("faultline.firstSeed", firstSeed);
  }

  /** The scenario a seed draws (e.g. to look at or to save). */
  public Scenario scenario(long seed) {
    return SwarmPlan.scenario(config(), seed);
  }

  /**
   * Fuzzes every seed; fails with a shrunk reproduction on the first failing seed. A seed that ends
   * in Liveness inside a progress limit a node declared is an accepted outcome here, in {@link
   * #dynamicTests()}, {@link #checkSeed} and the CLI's fuzz alike.
   */
  public void check() {
    FuzzCampaign.Summary s =
        campaign()
            .run(
                new FuzzCampaign.Bounds(effectiveFirstSeed(), effectiveSeeds(), 0, 1, 1),
                threads,
                null);
    List<SeedOutcome> failures = s.failures();
    if (!failures.isEmpty()) {
      SeedOutcome f = failures.get(0);
      throw failure(s.scenarioOf(config(), f), f.seed(), failures.size(), s.outcomes().size());
    }
  }

  /** One dynamic test per seed, for a {@code @TestFactory}. */
  public Stream<DynamicTest> dynamicTests() {
    long first = effectiveFirstSeed();
    return LongStream.range(first, first + effectiveSeeds())
        .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> checkSeed(seed)));
  }

  /**
   * Runs one seed; throws with a shrunk reproduction if it fails. Liveness inside a progress limit
   * the protocol declared is not a failure, as in {@link #check()} and the CLI's fuzz ({@link
   * ScenarioResult#failedOutsideLimit}).
   */
  public void checkSeed(long seed) {
    ScenarioResult r = ScenarioRunner.run(scenario(seed), options());
    if (r.failedOutsideLimit()) {
      throw failure(scenario(seed), seed, 1, 1);
    }
  }

  /**
   * Passes when some seed violates {@code property}: a bug variant must be FOUND, or the fuzzer is
   * not testing what it claims. Returns the first such seed.
   */
  public long expectViolation(String property) {
    FuzzCampaign.Summary s =
        campaign()
            .run(
                new FuzzCampaign.Bounds(effectiveFirstSeed(), effectiveSeeds(), 0, 1, 1),
                threads,
                null);
    return s.failures().stream()
        .filter(f -> property.equals(f.property()))
        .findFirst()
        .map(SeedOutcome::seed)
        .orElseThrow(
            () ->
                new AssertionFailedError(
                    "no seed of "
                        + s.outcomes().size()
                        + " from "
                        + effectiveFirstSeed()
                        + " violated "
                        + property
                        + " ("
                        + protocol
                        + (variant == null ? "" : " variant " + variant)
                        + "); other failures: "
                        + s.failures().stream()
                            .map(f -> f.seed() + ":" + f.property())
                            .limit(10)
                            .toList()));
  }

  private AssertionFailedError failure(Scenario failing, long seed, int failed, int ran) {
    FailureReport.Written w =
        FailureReport.write(
            failing, seed, outDir, options(), shrink, new Shrinker.Budget(2_000, 120_000));
    StringBuilder b = new StringBuilder();
    b.append("faultline fuzz of ")
        .append(protocol)
        .append(variant == null ? "" : " variant " + variant)
        .append(": seed ")
        .append(seed)
        .append(" violated ")
        .append(w.property())
        .append(": ")
        .append(w.message())
        .append(" (")
        .append(failed)
        .append(" of ")
        .append(ran)
        .append(" seeds failed)");
    b.append("\n  failing scenario: ").append(w.scenarioFile());
    b.append("\n  trace:            ").append(w.runDir().resolve("trace.jsonl"));
    if (w.shrink() != null) {
      b.append("\n  shrunk:           ")
          .append(w.shrunkFile())
          .append("  ")
          .append(w.shrink().summary());
    }
    Path replay = w.shrunkFile() != null ? w.shrunkFile() : w.scenarioFile();
    b.append("\n  reproduce:        ./faultline run ").append(replay);
    return new AssertionFailedError(b.toString());
  }
}
