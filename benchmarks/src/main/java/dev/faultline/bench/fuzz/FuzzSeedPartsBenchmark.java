package dev.faultline.bench.fuzz;

import dev.faultline.check.Linearizability;
import dev.faultline.check.Models;
import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.Protocols;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where one fuzz seed's time goes, as differences between runs of the same seeds (correct Raft, 3
 * nodes, 1,000 operations, swarm faults, tracing off): {@code seed} is the whole run as {@code
 * faultline fuzz} makes it; {@code seedWithoutInvariants} the same run checking no invariant after
 * events (the difference is Figure 3's five properties, checked after every event); {@code
 * linearizability} the check of the seeds' histories alone (converted, then checked on this
 * thread). One invocation runs the next of {@value #SEEDS} fixed seeds, so every score averages
 * over the same fault mixes.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar FuzzSeedParts -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class FuzzSeedPartsBenchmark {
  static final int SEEDS = 40;

  /** Client operations per seed (the figure: 1,000). */
  @Param({"1000"})
  int ops;

  private final List<RunPlan> plans = new ArrayList<>();
  private final List<List<HistoryEvent>> histories = new ArrayList<>();
  private int next;

  @Setup
  public void setup() {
    FuzzConfig config = new FuzzConfig("raft", null, 3, 3, ops, 10, 0, 0);
    for (long seed = 1; seed <= SEEDS; seed++) {
      RunPlan plan =
          ScenarioRunner.plan(
              SwarmPlan.draw(config, seed).scenario(), Protocols.byName(config.protocol()));
      plans.add(plan);
      histories.add(ClusterRun.run(plan).history());
    }
  }

  private int nextSeed() {
    next = (next + 1) % SEEDS;
    return next;
  }

  @Benchmark
  public ClusterRun.Result seed() {
    return ClusterRun.run(plans.get(nextSeed()), TraceSink.NONE, ClusterRun.Options.DEFAULT);
  }

  @Benchmark
  public ClusterRun.Result seedWithoutInvariants() {
    return ClusterRun.run(
        plans.get(nextSeed()),
        TraceSink.NONE,
        ClusterRun.Options.DEFAULT.withInvariants(built -> List.of()));
  }

  @Benchmark
  public Object linearizability() {
    return Linearizability.check(histories.get(nextSeed()), Models.kv(), ClusterRun.DEFAULT_BUDGET);
  }
}
