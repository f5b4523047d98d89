package dev.faultline.bench.paxos;

import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * BFS over the port of Stateright's Paxos example, with Stateright's state identity (16,668 unique
 * states with 2 clients, 1,194,428 with 3), every state checked for linearizability and agreement:
 * the same model Stateright v0.31 checks at 63k unique states/s on one thread ({@code paxos check
 * 3}). The score is seconds per full search; the aux counters are summed over the measurement
 * iterations (divide by their count).
 *
 * <p>{@code java -Xmx3g -jar benchmarks/target/benchmarks.jar StaterightPaxosBenchmark -p
 * clients=3}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx3g"})
@State(Scope.Benchmark)
public class StaterightPaxosBenchmark {
  @Param({"2", "3"})
  public int clients;

  @Param({"1"})
  public int threads;

  /** Per-iteration results, reported next to the time. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Counters {
    public double uniqueStatesPerSecond;
    public long uniqueStates;

    @Setup(Level.Iteration)
    public void clear() {
      uniqueStatesPerSecond = 0;
      uniqueStates = 0;
    }
  }

  @Benchmark
  public ExploreResult bfs(Counters counters) {
    ExploreResult r =
        StaterightPaxos.explorer(clients, ExploreOptions.defaults().withMaxStates(50_000_000))
            .withThreads(threads)
            .explore();
    counters.uniqueStates = r.uniqueStates();
    counters.uniqueStatesPerSecond = r.uniqueStatesPerSecond();
    return r;
  }
}
