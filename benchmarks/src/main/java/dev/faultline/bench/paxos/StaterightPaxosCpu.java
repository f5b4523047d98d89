package dev.faultline.bench.paxos;

import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import java.lang.management.ManagementFactory;

/**
 * One-off measurement of the Paxos port: unique states and unique states per CPU-second of the
 * searching thread (so a loaded machine still gives a per-core figure), with Stateright's state
 * identity and, for comparison, with the explorer's default one. Stateright v0.31 measured 63k
 * unique states/s on one thread for 3 clients (1,194,428 states).
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx3g -cp benchmarks/target/benchmarks.jar \
 *     dev.faultline.bench.paxos.StaterightPaxosCpu [clients=2] [rounds=3] [default]
 * </pre>
 */
public final class StaterightPaxosCpu {
  private StaterightPaxosCpu() {}

  public static void main(String[] args) {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    boolean stateright = args.length <= 2 || !args[2].equals("default");
    var mx = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      ExploreOptions o =
          ExploreOptions.defaults().withMaxStates(50_000_000).withStaterightSemantics(stateright);
      long cpu0 = mx.getCurrentThreadCpuTime();
      ExploreResult r =
          stateright
              ? StaterightPaxos.explorer(clients, o).explore()
              : StaterightPaxos.explorerWith(clients, o).explore();
      double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf(
          "%d clients, %s semantics: %s%n  %.2f s CPU of the search thread, %.0f unique states"
              + " per CPU-second, %.0f visited-set bytes/state%n",
          clients,
          stateright ? "Stateright" : "default",
          r.summary(),
          cpu,
          r.uniqueStates() / cpu,
          (double) r.visitedBytes() / r.uniqueStates());
    }
  }
}
