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
 * <p>The warm-up runs until the JIT is quiet: a 1,000-op seed exercises so much code that C2 keeps
 * a second core busy for the first ~10 CPU-seconds of a JVM (per-thread CPU from {@code
 * /proc/self/task}: ~4.5 s in the C2 compiler threads during the first 100 seeds, 1.5 s in the next
 * 100, then ~0.1 s). Runs taken before that measure the compiler, not the fuzzer: a 1-thread run
 * that shows ~1.6 cores busy and 2.5x the CPU per seed of the 2-thread run after it. Each line
 * reports the compiler's time ("JIT", from the compilation MXBean) so a run still polluted by it
 * shows.
 *
 * <pre>
 * java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar \
 *     dev.faultline.bench.fuzz.FuzzCpuScaling [nodes=3] [ops=1000] [seeds=200] [rounds=3] \
 *     [protocol=raft] [threads=1,2]
 * </pre>
 */
public final class FuzzCpuScaling {
  private FuzzCpuScaling() {}

  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long seeds = args.length > 2 ? Long.parseLong(args[2]) : 200;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    String protocol = args.length > 4 ? args[4] : "raft";
    boolean both = args.length <= 5 || args[5].equals("1,2");
    FuzzCampaign campaign =
        new FuzzCampaign(
            new FuzzConfig(protocol, null, nodes, 3, ops, 10, 0, 0), RunOptions.DEFAULT, false);
    warmUp(campaign, seeds);
    System.out.printf(
        "%s, %d nodes, %d ops/seed, %d seeds per run, %d cores%n",
        protocol, nodes, ops, seeds, Runtime.getRuntime().availableProcessors());
    for (int round = 0; round < rounds; round++) {
      // Alternate which thread count goes first, so leftover JIT work is not always on one side.
      for (int k = 0; k < (both ? 2 : 1); k++) {
        int threads = both ? (round % 2 == 0 ? 1 + k : 2 - k) : Integer.parseInt(args[5]);
        System.out.println("  " + measure(campaign, threads, 1 + round * seeds, seeds));
      }
    }
  }

  /**
   * Runs warm-up campaigns on 2 threads (seeds far from the measured ones) until the JIT spent
   * under 5 % of a campaign's CPU compiling, or 20 campaigns; says how long that took.
   */
  static void warmUp(FuzzCampaign campaign, long seeds) {
    double cpu = 0;
    for (int k = 0; k < 20; k++) {
      Figures f = measure(campaign, 2, 1_000_000 + k * seeds, seeds);
      cpu += f.cpuSeconds;
      if (f.jitMillis < 0.05 * f.cpuSeconds * 1000) {
        System.out.printf(
            "warm-up: %d campaigns, %.1f s CPU; last: %d ms JIT%n", k + 1, cpu, f.jitMillis);
        return;
      }
    }
    System.out.printf("warm-up: 20 campaigns, %.1f s CPU, JIT still busy%n", cpu);
  }

  /** One campaign's figures. */
  record Figures(
      int threads,
      long seeds,
      double wallSeconds,
      double cpuSeconds,
      long gcMillis,
      long jitMillis,
      long bytes) {
    @Override
    public String toString() {
      return String.format(
          "threads %d: %7.0f seeds/min wall, %6.1f ms CPU/seed, cores busy %.2f, GC %4d ms,"
              + " JIT %4d ms, %5.1f MB allocated/seed",
          threads,
          seeds * 60 / wallSeconds,
          cpuSeconds * 1000 / seeds,
          cpuSeconds / wallSeconds,
          gcMillis,
          jitMillis,
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
    long jit0 = jitMillis();
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
        jitMillis() - jit0,
        mx.getTotalThreadAllocatedBytes() - bytes0);
  }

  private static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }
}
