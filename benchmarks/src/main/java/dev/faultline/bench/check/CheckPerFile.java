package dev.faultline.bench.check;

import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.History;
import dev.faultline.check.HistoryFiles;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Model;
import dev.faultline.check.Models;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Per-file warm timings (JMH would take half an hour for 108 parameter values): every file is
 * checked {@code warmup} times, then timed over {@code runs} runs; prints the mean wall time, bytes
 * allocated per check (same meaning as Go's -benchmem B/op) and, at the end, the peak heap.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.faultline.bench.check.CheckPerFile [runs]
 * </pre>
 */
public final class CheckPerFile {
  private CheckPerFile() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path d = CheckBenchmark.histories();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(d.resolve("jepsen"))) {
      s.filter(p -> p.toFile().length() > 0).sorted().forEach(files::add);
    }
    try (Stream<Path> s = Files.list(d.resolve("kv"))) {
      s.sorted().forEach(files::add);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double etcdTotal = 0;
    System.out.printf(
        "%-22s %-17s %10s %12s %10s%n", "file", "verdict", "mean ms", "alloc KB", "steps");
    for (Path p : files) {
      boolean etcd = p.getParent().getFileName().toString().equals("jepsen");
      Model<?> m = etcd ? Models.register(null) : Models.kv();
      History h =
          HistoryFiles.read(p, etcd ? HistoryFiles.Format.JEPSEN_LOG : HistoryFiles.Format.EDN, m);
      CheckResult r = null;
      for (int i = 0; i < Math.max(3, runs / 2); i++) {
        r = Linearizability.check(h, m, CheckBudget.unlimited());
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        r = Linearizability.check(h, m, CheckBudget.unlimited());
      }
      double ms = (System.nanoTime() - t0) / 1e6 / runs;
      // Allocation on one thread (helper threads' allocations would not be counted otherwise).
      long alloc0 = threads.getCurrentThreadAllocatedBytes();
      Linearizability.check(h, m, CheckBudget.unlimited(), 1);
      long kb = (threads.getCurrentThreadAllocatedBytes() - alloc0) / 1024;
      if (etcd) {
        etcdTotal += ms;
      }
      System.out.printf(
          "%-22s %-17s %10.3f %12d %10d%n", d.relativize(p), r.verdict(), ms, kb, r.steps());
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        "sum over etcd logs: %.1f ms; peak heap used: %d MB%n", etcdTotal, peak >> 20);
  }
}
