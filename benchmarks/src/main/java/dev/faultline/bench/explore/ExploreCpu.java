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
 * figure; the first rounds warm the JIT up. With several threads the CPU is that of the search
 * threads (the calling thread and the workers, each printed too), and the process's total is
 * printed beside it. Threads {@code p1} runs the parallel engine on one thread: its own cost
 * without a second core, to tell from what running threads side by side costs.
 *
 * <pre>
 * java -XX:+UseParallelGC -Xmx3g -Xms3g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
 *     dev.faultline.bench.explore.ExploreCpu [protocol=raft|pb] [rounds=3] [threads=1|p1|2|...]
 * </pre>
 */
public final class ExploreCpu {
  private ExploreCpu() {}

  public static void main(String[] args) {
    String protocol = args.length > 0 ? args[0] : "raft";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String threadsArg = args.length > 2 ? args[2] : "1";
    boolean parallelEngine = threadsArg.startsWith("p");
    int threads = Integer.parseInt(parallelEngine ? threadsArg.substring(1) : threadsArg);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < rounds; round++) {
      long process0 = os.getProcessCpuTime();
      long gc0 = gcMillis();
      long cpu0 = currentThreadCpu();
      long user0 = ManagementFactory.getThreadMXBean().getCurrentThreadUserTime();
      long allocated0 = currentThreadAllocated();
      WorkerCpu workers = WorkerCpu.start();
      ExploreResult r = search(protocol, threads, parallelEngine);
      long main = currentThreadCpu() - cpu0;
      // System time of the calling thread: page faults (a heap growing into new memory), not
      // search.
      long mainSys =
          main - (ManagementFactory.getThreadMXBean().getCurrentThreadUserTime() - user0);
      long allocated = currentThreadAllocated() - allocated0;
      long workersCpu = workers.stop();
      long cpu = main + workersCpu;
      allocated += workers.allocatedBytes();
      long process = os.getProcessCpuTime() - process0;
      long gc = gcMillis() - gc0;
      System.out.printf(
          "%s threads=%s: %d unique states, %.2f s CPU of the search threads (calling thread %.2f"
              + " s, workers %s; process %.2f s), %.0f unique states/CPU-s, %.1f visited-set B/state,"
              + " %d ms wall, GC %d ms, %.0f B allocated/state, calling thread's system time"
              + " %.2f s%n",
          protocol,
          threadsArg,
          r.uniqueStates(),
          cpu / 1e9,
          main / 1e9,
          workers.perThread(),
          process / 1e9,
          r.uniqueStates() / (cpu / 1e9),
          (double) r.visitedBytes() / r.uniqueStates(),
          r.elapsedMillis(),
          gc,
          (double) allocated / r.uniqueStates(),
          mainSys / 1e9);
    }
  }

  /** Time the collectors report (pauses of the parallel collector; both its threads at once). */
  private static long gcMillis() {
    long ms = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  /**
   * CPU time of the parallel BFS's worker threads ({@code faultline-explore-*}), which end with the
   * search: a side thread samples them every 20 ms and keeps each one's last figure (the last
   * &lt;20 ms of a worker's time can be missed). With the calling thread's own time this is the CPU
   * the search itself used, apart from GC and JIT threads: equal to the 1-thread figure when the
   * workers share nothing and repeat no work.
   */
  static final class WorkerCpu implements Runnable {
    private final java.util.Map<Long, Long> last = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Long, Long> allocated =
        new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopped;
    private Thread sampler;

    static WorkerCpu start() {
      WorkerCpu w = new WorkerCpu();
      w.sampler = new Thread(w, "explore-cpu-sampler");
      w.sampler.setDaemon(true);
      w.sampler.start();
      return w;
    }

    @Override
    public void run() {
      var mx = ManagementFactory.getThreadMXBean();
      while (!stopped) {
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
          if (t != null && t.getThreadName().startsWith("faultline-explore-")) {
            long cpu = mx.getThreadCpuTime(t.getThreadId());
            if (cpu > 0) {
              last.put(t.getThreadId(), cpu);
              allocated.put(t.getThreadId(), threadAllocated(t.getThreadId()));
            }
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Stops sampling; the workers' CPU in nanoseconds. */
    long stop() {
      stopped = true;
      try {
        sampler.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return last.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each worker's CPU in seconds, in thread-id order, after {@link #stop}. */
    String perThread() {
      return new java.util.TreeMap<>(last)
          .values().stream().map(ns -> String.format("%.2f s", ns / 1e9)).toList().toString();
    }

    /** Bytes the workers allocated (as last sampled), after {@link #stop}. */
    long allocatedBytes() {
      return allocated.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Bytes the calling thread allocated so far: a per-state figure that the machine's load does not
   * change (JFR shows where), unlike CPU time.
   */
  private static long currentThreadAllocated() {
    return threadAllocated(Thread.currentThread().threadId());
  }

  private static long threadAllocated(long threadId) {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(threadId);
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

  static ExploreResult search(String protocol, int threads, boolean parallelEngine) {
    ClusterSpec spec = Protocols.byName(protocol);
    ClusterParams params = params(protocol);
    ExploreOptions o =
        ExploreOptions.defaults()
            .withMaxDepth(protocol.equals("raft") ? 9 : 10)
            .withMaxStates(5_000_000);
    Explorer explorer =
        new Explorer(spec.build(params), spec.invariantSupply(params), List.of(), o)
            .withThreads(threads);
    return (parallelEngine ? explorer.withParallelEngine() : explorer).explore();
  }
}
