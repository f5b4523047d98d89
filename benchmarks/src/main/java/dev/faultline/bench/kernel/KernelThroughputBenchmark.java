package dev.faultline.bench.kernel;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.HashingTraceSink;
import dev.faultline.sim.trace.TraceSink;
import dev.faultline.sim.world.ClockConfig;
import dev.faultline.sim.world.RunOutcome;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw kernel throughput: 5 nodes exchanging pings (3 outstanding per link, ~60 messages in flight),
 * one run of exactly {@link #EVENTS} events per invocation, so the score is events per second (ops
 * = events). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is then bytes allocated per
 * event.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'bench.kernel' -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KernelThroughputBenchmark {
  static final int EVENTS = 1_000_000;
  static final int TRACED_EVENTS = 100_000;

  static final NetworkConfig CLEAN =
      new NetworkConfig(new Latency.Uniform(1, 5), 0, 0, 0, 0, 0, 0, 0);

  static final NetworkConfig FAULTY =
      new NetworkConfig(new Latency.Uniform(1, 5), 0.05, 0.05, 0.1, 10, 0.01, 100, 300);

  /** Every scripted fault kind, repeating every 1000 ticks over the run. */
  static FaultSchedule faultCycle(long ticks) {
    NodeId s1 = NodeId.of("s1");
    NodeId s2 = NodeId.of("s2");
    NodeId s3 = NodeId.of("s3");
    NodeId s4 = NodeId.of("s4");
    NodeId s5 = NodeId.of("s5");
    FaultSchedule.Builder b = FaultSchedule.builder();
    for (long t = 100; t < ticks; t += 1_000) {
      b.at(t, new Fault.Partition(List.of(Set.of(s1, s2), Set.of(s3, s4, s5))))
          .at(t + 150, new Fault.Heal())
          .at(t + 200, new Fault.BlockLink(s1, s3))
          .at(t + 300, new Fault.UnblockLink(s1, s3))
          .at(t + 350, new Fault.Crash(s2))
          .at(t + 500, new Fault.Restart(s2, false))
          .at(t + 550, new Fault.ClockSkew(s4, 5))
          .at(t + 600, new Fault.ClockDrift(s5, 20_000))
          .at(t + 650, new Fault.HoldMessages(s3, null, 5, 200))
          .at(t + 700, new Fault.DropMessages(null, s1, 5))
          .at(t + 800, new Fault.Isolate(s4))
          .at(t + 900, new Fault.Heal());
    }
    return b.build();
  }

  private long seed;

  private static RunOutcome run(
      long seed, NetworkConfig net, boolean faults, int events, TraceSink sink) {
    long maxTicks = 10_000_000;
    World w =
        new World(
            new WorldConfig(seed, net, ClockConfig.DEFAULT, maxTicks, events),
            PingTraffic.cluster(5, 3, 20),
            sink);
    if (faults) {
      // ~1M events take ~25k ticks of this traffic; schedule faults over more than that.
      w.schedule(faultCycle(60_000));
    }
    RunOutcome outcome = w.run();
    if (outcome.events() != events) {
      throw new IllegalStateException("run ended early: " + outcome);
    }
    return outcome;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public RunOutcome pingNoFaults() {
    return run(++seed, CLEAN, false, EVENTS, null);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public RunOutcome pingWithFaults() {
    return run(++seed, FAULTY, true, EVENTS, null);
  }

  /** For comparison: the same faulty run with a SHA-256 trace of every event (JSON bytes). */
  @Benchmark
  @OperationsPerInvocation(TRACED_EVENTS)
  public String pingWithFaultsHashedTrace() {
    HashingTraceSink sink = new HashingTraceSink();
    run(++seed, FAULTY, true, TRACED_EVENTS, sink);
    return sink.hex();
  }
}
