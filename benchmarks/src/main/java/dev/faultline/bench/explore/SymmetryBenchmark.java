package dev.faultline.bench.explore;

import dev.faultline.bench.paxos.StaterightPaxosBenchmark;
import dev.faultline.sim.explore.ExploreResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BFS on 3-server Raft (no clients, PreVote and CheckQuorum off) with and without symmetry
 * reduction: the score is seconds per search; the aux counters (the Paxos benchmark's: summed over
 * the measurement iterations, one search each) give unique states and unique states per second.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SymmetryBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class SymmetryBenchmark {
  @Param({"false", "true"})
  public boolean symmetry;

  @Param({"8"})
  public int depth;

  @Benchmark
  public ExploreResult bfs(StaterightPaxosBenchmark.Counters counters) {
    ExploreResult r = SymmetryCpu.search(depth, symmetry);
    counters.uniqueStates = r.uniqueStates();
    counters.uniqueStatesPerSecond = r.uniqueStatesPerSecond();
    return r;
  }
}
