package dev.faultline.bench.fuzz;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.run.RunOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Swarm fuzz throughput in seeds per minute: one invocation = one full seed (draw the swarm plan,
 * simulate fault period and stabilize phase with every invariant checked after every event, check
 * linearizability and liveness), tracing off as in {@code faultline fuzz}. Each invocation takes
 * the next seed, so the score averages over fault mixes. {@code oneThread} vs {@code twoThreads} is
 * the scaling of {@code --threads 2} (runs share nothing).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar FuzzThroughput -p nodes=3,5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MINUTES)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 20)
@Fork(1)
public class FuzzThroughputBenchmark {
  @Param({"3", "5"})
  int nodes;

  /** Client operations per seed (the figure: 1,000). */
  @Param({"1000"})
  int ops;

  private FuzzCampaign campaign;
  private final AtomicLong nextSeed = new AtomicLong();

  @Setup
  public void setup() {
    campaign =
        new FuzzCampaign(
            new FuzzConfig("raft", null, nodes, 3, ops, 10, 0, 0), RunOptions.DEFAULT, false);
  }

  @Benchmark
  @Threads(1)
  public SeedOutcome oneThread() {
    return campaign.runSeed(nextSeed.incrementAndGet());
  }

  @Benchmark
  @Threads(2)
  public SeedOutcome twoThreads() {
    return campaign.runSeed(nextSeed.incrementAndGet());
  }
}
