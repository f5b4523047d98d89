package dev.faultline.bench.explore;

import dev.faultline.protocols.Protocols;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Explorer;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Symmetry reduction against the full search on Raft (3 servers, no clients, PreVote and
 * CheckQuorum off, BFS to {@code depth}), interleaved round by round: unique states, CPU time of
 * the searching thread, unique states per CPU-second, and the CPU the reduced search needs per
 * state of the full space it stands for. CPU time, so a loaded machine still gives a per-core
 * figure.
 *
 * <pre>
 * java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar \
 *     dev.faultline.bench.explore.SymmetryCpu [depth=9] [rounds=3]
 * </pre>
 */
public final class SymmetryCpu {
  private SymmetryCpu() {}

  public static void main(String[] args) {
    int depth = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    for (int round = 0; round < rounds; round++) {
      long fullStates = 0;
      for (boolean symmetry : new boolean[] {false, true}) {
        long cpu0 = threadCpu();
        ExploreResult r = search(depth, symmetry);
        double cpu = (threadCpu() - cpu0) / 1e9;
        fullStates = symmetry ? fullStates : r.uniqueStates();
        System.out.printf(
            "raft depth %d symmetry=%s: %d unique states, %d generated, %.2f s CPU,"
                + " %.0f unique states/CPU-s, %.0f full-space states/CPU-s, %d ms wall%n",
            depth,
            symmetry ? "on " : "off",
            r.uniqueStates(),
            r.states(),
            cpu,
            r.uniqueStates() / cpu,
            fullStates / cpu,
            r.elapsedMillis());
      }
    }
  }

  private static long threadCpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  static ExploreResult search(int depth, boolean symmetry) {
    ClusterSpec spec = Protocols.byName("raft");
    ClusterParams params = ExploreCpu.params("raft");
    ExploreOptions o = ExploreOptions.defaults().withMaxDepth(depth).withMaxStates(5_000_000);
    if (symmetry) {
      o = o.withSymmetry(spec.symmetry(params).interchangeable());
    }
    return new Explorer(spec.build(params), spec.invariantSupply(params), List.of(), o).explore();
  }
}
