package dev.faultline.bench.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Events per CPU-second of the benchmark thread, for shared or overloaded machines where JMH's
 * wall-clock score mostly measures how much of a core the scheduler gave us. Same runs as {@link
 * KernelThroughputBenchmark}; GC threads are not counted (allocation is reported by JMH's {@code
 * -prof gc}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.faultline.bench.kernel.KernelCpuThroughput [rounds]
 * </pre>
 */
public final class KernelCpuThroughput {
  private KernelCpuThroughput() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    KernelThroughputBenchmark b = new KernelThroughputBenchmark();
    for (boolean faults : new boolean[] {false, true}) {
      double best = 0;
      double sum = 0;
      int measured = 0;
      for (int round = 0; round < rounds; round++) {
        long cpu0 = mx.getCurrentThreadCpuTime();
        for (int k = 0; k < 3; k++) {
          if (faults) {
            b.pingWithFaults();
          } else {
            b.pingNoFaults();
          }
        }
        double perSecond =
            3.0 * KernelThroughputBenchmark.EVENTS / ((mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
        if (round >= rounds / 3) { // the first third is warm-up
          best = Math.max(best, perSecond);
          sum += perSecond;
          measured++;
        }
      }
      System.out.printf(
          "%-14s mean %.1f M events/cpu-s, best %.1f M (%d rounds of 3M events)%n",
          faults ? "pingWithFaults" : "pingNoFaults", sum / measured / 1e6, best / 1e6, measured);
    }
  }
}
