package dev.faultline.bench.check;

import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.History;
import dev.faultline.check.HistoryFiles;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Model;
import dev.faultline.check.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The linearizability checker over Porcupine's test data (../shared/data/histories), side by side
 * with Porcupine's numbers on this machine (EXPECTED.md): all 102 etcd logs ~590 ms, c50-ok 208 ms,
 * c50-bad 37 ms. Parsing is done in setup; only the check is timed. Run:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'bench.check' -f 1 -wi 3 -i 5 [-prof gc]
 * java -jar benchmarks/target/benchmarks.jar 'CheckBenchmark.file' -p file=jepsen/etcd_002.log
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xss16m"})
@State(Scope.Benchmark)
public class CheckBenchmark {

  /** One file for {@link #file}; "all" in the other benchmarks is not affected. */
  @Param({"kv/c50-ok.txt", "kv/c50-bad.txt", "jepsen/etcd_002.log", "jepsen/etcd_007.log"})
  public String file;

  private final List<History> etcd = new ArrayList<>();
  private final Model<?> register = Models.register(null);
  private final Model<?> kv = Models.kv();
  private History c50ok;
  private History c50bad;
  private History single;
  private Model<?> singleModel;

  static Path histories() {
    for (String c :
        new String[] {
          System.getProperty("faultline.shared"), "../shared", "../../shared", "/work/shared"
        }) {
      if (c != null && Files.isDirectory(Path.of(c, "data", "histories"))) {
        return Path.of(c, "data", "histories");
      }
    }
    throw new IllegalStateException("set -Dfaultline.shared=/path/to/shared");
  }

  @Setup(Level.Trial)
  public void load() throws IOException {
    Path d = histories();
    try (Stream<Path> files = Files.list(d.resolve("jepsen"))) {
      for (Path p : files.sorted().toList()) {
        if (Files.size(p) > 0) {
          etcd.add(HistoryFiles.read(p, HistoryFiles.Format.JEPSEN_LOG, register));
        }
      }
    }
    c50ok = HistoryFiles.read(d.resolve("kv/c50-ok.txt"), HistoryFiles.Format.EDN, kv);
    c50bad = HistoryFiles.read(d.resolve("kv/c50-bad.txt"), HistoryFiles.Format.EDN, kv);
    singleModel = file.startsWith("jepsen/") ? register : kv;
    single =
        HistoryFiles.read(
            d.resolve(file),
            file.startsWith("jepsen/") ? HistoryFiles.Format.JEPSEN_LOG : HistoryFiles.Format.EDN,
            singleModel);
  }

  /** All 102 etcd logs, one after the other (Porcupine: ~592 ms). */
  @Benchmark
  public int allEtcd() {
    int linearizable = 0;
    for (History h : etcd) {
      if (Linearizability.check(h, register, CheckBudget.unlimited()).isLinearizable()) {
        linearizable++;
      }
    }
    if (linearizable != 23) {
      throw new IllegalStateException("expected 23 linearizable etcd logs, got " + linearizable);
    }
    return linearizable;
  }

  /** Porcupine: ~208 ms. */
  @Benchmark
  public CheckResult c50ok() {
    return Linearizability.check(c50ok, kv, CheckBudget.unlimited());
  }

  /** Porcupine: ~37 ms. */
  @Benchmark
  public CheckResult c50bad() {
    return Linearizability.check(c50bad, kv, CheckBudget.unlimited());
  }

  /** The file given by {@code -p file=...}. */
  @Benchmark
  public CheckResult file() {
    return Linearizability.check(single, singleModel, CheckBudget.unlimited());
  }
}
