package dev.faultline.bench.explore;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Builds and thread counts of the explorer side by side in one JVM, round by round: each build's
 * benchmarks jar in its own class loader runs {@link ExploreCpu}'s search (Raft depth 9 or PB depth
 * 10), and every round runs every build with every thread count, alternating which build goes
 * first. The machine's speed swings by up to 1.5× within minutes, which separate JVMs per
 * configuration turn into noise larger than a parallel-BFS change; neighbours in one round see the
 * same machine. Prints per search: wall time, the process's CPU (search threads plus GC and JIT; a
 * full collection before each search keeps what one leaves behind from the next), and GC pauses.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx3g -Xms3g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
 *     dev.faultline.bench.explore.ExploreCpuAB before.jar,after.jar [protocol=raft] [rounds=8] \
 *     [threads=1,2,p1]
 * </pre>
 *
 * <p>A thread count with an {@code s} after it ({@code 2s}) runs {@link ExploreCpu}'s worker-CPU
 * sampler beside the search, as {@code ExploreCpu} does: whether that sampling slows the search.
 */
public final class ExploreCpuAB {
  private ExploreCpuAB() {}

  public static void main(String[] args) throws ReflectiveOperationException, java.io.IOException {
    String[] jars = args[0].split(",");
    String protocol = args.length > 1 ? args[1] : "raft";
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    String[] threads = (args.length > 3 ? args[3] : "1,2").split(",");
    Method[] search = new Method[jars.length];
    for (int j = 0; j < jars.length; j++) {
      URL url = Path.of(jars[j]).toUri().toURL();
      ClassLoader loader =
          new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader());
      search[j] =
          loader
              .loadClass(ExploreCpu.class.getName())
              .getDeclaredMethod("search", String.class, int.class, boolean.class);
      search[j].setAccessible(true);
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < rounds; round++) {
      StringBuilder line =
          new StringBuilder(
              String.format(Locale.ROOT, "round %d, load %.1f", round, os.getSystemLoadAverage()));
      for (String t : threads) {
        boolean engine = t.startsWith("p");
        boolean sampled = t.endsWith("s"); // with ExploreCpu's worker-CPU sampler running
        String count = t.substring(engine ? 1 : 0, t.length() - (sampled ? 1 : 0));
        int n = Integer.parseInt(count);
        for (int k = 0; k < jars.length; k++) {
          int j = (round + k) % jars.length; // who goes first alternates
          System.gc();
          long cpu0 = os.getProcessCpuTime();
          long gc0 = gcMillis();
          long wall0 = System.nanoTime();
          ExploreCpu.WorkerCpu sampler = sampled ? ExploreCpu.WorkerCpu.start() : null;
          Object result = search[j].invoke(null, protocol, n, engine);
          long wall = (System.nanoTime() - wall0) / 1_000_000;
          if (sampler != null) {
            sampler.stop();
          }
          long cpu = (os.getProcessCpuTime() - cpu0) / 1_000_000;
          Object states = result.getClass().getMethod("uniqueStates").invoke(result);
          line.append(
              String.format(
                  Locale.ROOT,
                  " | %s %s: %d ms wall, %d ms CPU, GC %d ms, %s states",
                  Path.of(jars[j]).getFileName(),
                  t,
                  wall,
                  cpu,
                  gcMillis() - gc0,
                  states));
        }
      }
      System.out.println(line);
    }
  }

  private static long gcMillis() {
    long ms = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }
}
