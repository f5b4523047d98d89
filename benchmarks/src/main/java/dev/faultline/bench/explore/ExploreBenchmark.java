package dev.faultline.bench.explore;

import dev.faultline.protocols.Protocols;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Explorer;
import java.util.List;
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
 * BFS throughput on 3-server primary/backup and Raft (no clients, no faults, a fixed depth): the
 * score is seconds per search; the aux counters give unique states per second and visited-set bytes
 * per state. Two invariant modes: the cluster's own instances (the engine's speed) and fresh
 * instances per check from the protocol's {@code invariantSupply} (what {@code faultline explore}
 * does: every invariant for a new state, the transition judges alone for a step into a seen state).
 * {@code threads} runs the parallel BFS (same result, see Explorer#withThreads). Bytes allocated
 * per search (a figure the machine's load does not change): add {@code -prof gc} ({@code
 * gc.alloc.rate.norm}).
 *
 * <p>JMH reports the aux counters summed over the measurement iterations (they are EVENTS counters,
 * one search per iteration): divide them by the iteration count (3 by default) for one search's
 * unique states, states per second and visited-set bytes per state.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ExploreBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ExploreBenchmark {
  @Param({"pb", "raft"})
  public String protocol;

  /**
   * "fresh": new invariant instances per check from {@code ClusterSpec.invariantSupply}, as {@code
   * faultline explore} does. "shared" reuses the cluster's instances: faster, but Raft's invariants
   * remember earlier states, so sharing them across BFS paths reports a false ElectionSafety
   * violation within a few dozen states (kept as a demonstration of why the explorer builds fresh
   * ones).
   */
  @Param({"fresh"})
  public String invariants;

  /**
   * BFS worker threads: the result is identical for every count, only the time differs. {@code p1}
   * is the parallel engine on one thread: against {@code 1} its own bookkeeping, against {@code 2}
   * what two threads side by side cost (seen only on an idle machine).
   */
  @Param({"1", "p1", "2"})
  public String threads;

  /** Per-iteration results, reported next to the time. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Counters {
    public double uniqueStatesPerSecond;
    public double visitedBytesPerState;
    public long uniqueStates;

    @Setup(Level.Iteration)
    public void clear() {
      uniqueStatesPerSecond = 0;
      visitedBytesPerState = 0;
      uniqueStates = 0;
    }
  }

  @Benchmark
  public ExploreResult bfs(Counters counters) {
    ClusterSpec spec = Protocols.byName(protocol);
    ClusterParams params = ExploreCpu.params(protocol);
    var cluster = spec.build(params);
    ExploreOptions o =
        ExploreOptions.defaults()
            .withMaxDepth(protocol.equals("raft") ? 8 : 9)
            .withMaxStates(2_000_000);
    Explorer explorer =
        invariants.equals("shared")
            ? new Explorer(cluster, cluster::invariants, List.of(), o)
            : new Explorer(cluster, spec.invariantSupply(params), List.of(), o);
    boolean parallelEngine = threads.startsWith("p");
    explorer.withThreads(Integer.parseInt(parallelEngine ? threads.substring(1) : threads));
    ExploreResult r = (parallelEngine ? explorer.withParallelEngine() : explorer).explore();
    counters.uniqueStates = r.uniqueStates();
    counters.uniqueStatesPerSecond = r.uniqueStatesPerSecond();
    counters.visitedBytesPerState = (double) r.visitedBytes() / r.uniqueStates();
    return r;
  }
}
