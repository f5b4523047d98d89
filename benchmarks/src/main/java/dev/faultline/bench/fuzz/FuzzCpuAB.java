package dev.faultline.bench.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Two (or more) builds' fuzz seeds in one JVM, for before/after figures on a loaded machine: each
 * build's benchmarks jar in its own class loader, a warm-up per build, then rounds that alternate
 * which build goes first, each running the same seeds on this one thread and reporting that
 * thread's CPU time and allocation per seed. Interleaving in one process shares the machine's load
 * between the builds; thread CPU time leaves out GC and JIT threads.
 *
 * <pre>
 * java -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar dev.faultline.bench.fuzz.FuzzCpuAB \
 *     before.jar,after.jar [ops=1000] [seeds=50] [rounds=6] [warmup=150] [protocol=raft]
 * </pre>
 */
public final class FuzzCpuAB {
  private FuzzCpuAB() {}

  public static void main(String[] args) throws ReflectiveOperationException, java.io.IOException {
    String[] jars = args[0].split(",");
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 6;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 150;
    String protocol = args.length > 5 ? args[5] : "raft";
    Object[] campaigns = new Object[jars.length];
    Method[] runSeed = new Method[jars.length];
    for (int j = 0; j < jars.length; j++) {
      URL url = Path.of(jars[j]).toUri().toURL();
      ClassLoader loader =
          new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader());
      Class<?> config = loader.loadClass("dev.faultline.scenario.fuzz.FuzzConfig");
      Class<?> options = loader.loadClass("dev.faultline.scenario.run.RunOptions");
      Class<?> campaign = loader.loadClass("dev.faultline.scenario.fuzz.FuzzCampaign");
      Object fuzzConfig =
          config
              .getConstructor(
                  String.class,
                  String.class,
                  int.class,
                  int.class,
                  int.class,
                  long.class,
                  long.class,
                  long.class)
              .newInstance(protocol, null, 3, 3, ops, 10L, 0L, 0L);
      campaigns[j] =
          campaign
              .getConstructor(config, options, boolean.class)
              .newInstance(fuzzConfig, options.getField("DEFAULT").get(null), false);
      runSeed[j] = campaign.getMethod("runSeed", long.class);
    }
    for (int j = 0; j < jars.length; j++) {
      for (int s = 0; s < warmup; s++) {
        runSeed[j].invoke(campaigns[j], 1_000_000L + s); // seeds far from the measured ones
      }
    }
    System.out.printf(
        "%s, 3 nodes, %d ops/seed, %d seeds per run, %d warm-up seeds per build%n",
        protocol, ops, seeds, warmup);
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < jars.length; k++) {
        int j = round % 2 == 0 ? k : jars.length - 1 - k;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long bytes0 = mx.getCurrentThreadAllocatedBytes();
        for (long s = 1; s <= seeds; s++) {
          runSeed[j].invoke(campaigns[j], s);
        }
        double ms = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / seeds;
        System.out.printf(
            "  round %d %-24s %6.2f ms CPU/seed (%6.0f seeds per CPU-minute), %5.2f MB/seed%n",
            round,
            Path.of(jars[j]).getFileName(),
            ms,
            60_000 / ms,
            (mx.getCurrentThreadAllocatedBytes() - bytes0) / 1e6 / seeds);
      }
    }
  }
}
