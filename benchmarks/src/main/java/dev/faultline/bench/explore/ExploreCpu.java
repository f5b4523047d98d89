package dev.faultline.bench.explore;

import dev.faultline.protocols.Protocols;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Explorer;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.TreeMap;

/**
 * The explorer's unique states per CPU-second of the searching thread and visited-set bytes per
 * state on the configurations (3 servers, no clients, no faults; Raft with preVote and
 * checkQuorum off to depth 9 of {@code faultline explore}, 769,969 states; primary/backup to depth
 * 10, 199,381 states). CPU time rather than wall time, so a loaded machine still gives a per-core
 * figure; the first rounds warm the JIT up.
 *
 * <pre>
 * java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar \
 *     dev.faultline.bench.explore.ExploreCpu [protocol=raft|pb] [rounds=3] [threads=1]
 * </pre>
 */
public final class ExploreCpu {
  private ExploreCpu() {}

  public static void main(String[] args) {
    String protocol = args.length > 0 ? args[0] : "raft";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < rounds; round++) {
      long cpu0 = threads == 1 ? currentThreadCpu() : os.getProcessCpuTime();
      ExploreResult r = search(protocol, threads);
      long cpu = (threads == 1 ? currentThreadCpu() : os.getProcessCpuTime()) - cpu0;
      System.out.printf(
          "%s threads=%d: %d unique states, %.2f s CPU (%s), %.0f unique states/CPU-s,"
              + " %.1f visited-set B/state, %d ms wall%n",
          protocol,
          threads,
          r.uniqueStates(),
          cpu / 1e9,
          threads == 1 ? "search thread" : "process",
          r.uniqueStates() / (cpu / 1e9),
          (double) r.visitedBytes() / r.uniqueStates(),
          r.elapsedMillis());
    }
  }

  private static long currentThreadCpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** 3 servers, no clients; Raft with preVote and checkQuorum off (the configuration). */
  static ClusterParams params(String protocol) {
    TreeMap<String, String> options = new TreeMap<>();
    if (protocol.equals("raft")) {
      options.put("preVote", "false");
      options.put("checkQuorum", "false");
    }
    return new ClusterParams(3, null, List.of(), options);
  }

  static ExploreResult search(String protocol, int threads) {
    ClusterSpec spec = Protocols.byName(protocol);
    ClusterParams params = params(protocol);
    ExploreOptions o =
        ExploreOptions.defaults()
            .withMaxDepth(protocol.equals("raft") ? 9 : 10)
            .withMaxStates(5_000_000);
    return new Explorer(spec.build(params), () -> spec.freshInvariants(params), List.of(), o)
        .withThreads(threads)
        .explore();
  }
}
