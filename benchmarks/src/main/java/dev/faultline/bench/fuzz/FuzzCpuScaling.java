package dev.faultline.bench.fuzz;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.run.RunOptions;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Fuzz thread scaling, measured so that a shared machine still says something: for 1 and 2 threads
 * (interleaved rounds, same seeds), wall seeds/min next to what the process spent per seed — CPU
 * (every thread: workers, GC, JIT), GC time and bytes allocated. On a quiet 2-core machine the
 * scaling is the ratio of the wall figures; on a loaded one, equal CPU per seed for 1 and 2 threads
 * and a 1-thread run that keeps only one core busy ("cores busy" near 1.0) mean the threads share
 * nothing and the second core is all the second thread needs.
 *
 * <pre>
 * java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar \
 *     dev.faultline.bench.fuzz.FuzzCpuScaling [nodes=3] [ops=1000] [seeds=200] [rounds=3]
 * </pre>
 */
public final class FuzzCpuScaling {
  private FuzzCpuScaling() {}

  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long seeds = args.length > 2 ? Long.parseLong(args[2]) : 200;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    FuzzCampaign campaign =
        new FuzzCampaign(
            new FuzzConfig("raft", null, nodes, 3, ops, 10, 0, 0), RunOptions.DEFAULT, false);
    measure(campaign, 2, 1_000_000, seeds); // warm-up (JIT compiles on the side), not reported
    System.out.printf(
        "raft, %d nodes, %d ops/seed, %d seeds per run, %d cores%n",
        nodes, ops, seeds, Runtime.getRuntime().availableProcessors());
    for (int round = 0; round < rounds; round++) {
      // Alternate which thread count goes first, so leftover JIT work is not always on one side.
      for (int k = 0; k < 2; k++) {
        int threads = round % 2 == 0 ? 1 + k : 2 - k;
        System.out.println("  " + measure(campaign, threads, 1 + round * seeds, seeds));
      }
    }
  }

  /** One campaign's figures. */
  record Figures(
      int threads, long seeds, double wallSeconds, double cpuSeconds, long gcMillis, long bytes) {
    @Override
    public String toString() {
      return String.format(
          "threads %d: %7.0f seeds/min wall, %6.1f ms CPU/seed, cores busy %.2f, GC %4d ms,"
              + " %5.1f MB allocated/seed",
          threads,
          seeds * 60 / wallSeconds,
          cpuSeconds * 1000 / seeds,
          cpuSeconds / wallSeconds,
          gcMillis,
          bytes / 1e6 / seeds);
    }
  }

  @SuppressWarnings("forbiddenapis") // wall time of a benchmark
  static Figures measure(FuzzCampaign campaign, int threads, long firstSeed, long seeds) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long cpu0 = os.getProcessCpuTime();
    long gc0 = gcMillis();
    long bytes0 = mx.getTotalThreadAllocatedBytes();
    long wall0 = System.nanoTime();
    campaign.run(new FuzzCampaign.Bounds(firstSeed, seeds, 0, 1, 1), threads, null);
    double wall = (System.nanoTime() - wall0) / 1e9;
    return new Figures(
        threads,
        seeds,
        wall,
        (os.getProcessCpuTime() - cpu0) / 1e9,
        gcMillis() - gc0,
        mx.getTotalThreadAllocatedBytes() - bytes0);
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
