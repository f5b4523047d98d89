package dev.faultline.scenario.explore;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faultline explore --threads N} prints exactly what one thread does (the counterexample
 * paths themselves are compared under threads in the protocols module's ExploreParallelTest).
 */
class ExploreCommandParallelTest {
  @TempDir Path dir;

  /** The output without the lines that report time and heap (they differ run to run). */
  private static List<String> verdict(String out) {
    return out.lines().filter(l -> !l.contains("unique states/s") && !l.contains("heap")).toList();
  }

  private Run explore(int threads, String outDir, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "explore",
                "--option",
                "preVote=false",
                "--option",
                "checkQuorum=false",
                "--threads",
                Integer.toString(threads),
                "--out",
                dir.resolve(outDir).toString()));
    args.addAll(List.of(more));
    return cli(args.toArray(new String[0]));
  }

  @Test
  void boundedSearchWithAClientAndLinearizabilityIsTheSameWithTwoThreads() {
    String[] withClient = {"--protocol", "raft", "--clients", "1", "--max-depth", "6"};
    Run one = explore(1, "one", withClient);
    Run two = explore(2, "two", withClient);
    assertEquals(3, one.code(), one.out() + one.err());
    assertEquals(one.code(), two.code(), two.out() + two.err());
    assertEquals(verdict(one.out()), verdict(two.out()));
    assertTrue(one.out().contains("BOUND_REACHED (max-depth)"), one.out());
  }

  @Test
  void badThreadCountsAreOneLineAndExit2() {
    for (String[] args :
        List.of(
            new String[] {"explore", "--protocol", "raft", "--threads", "0"},
            new String[] {"explore", "--protocol", "raft", "--threads", "100000"},
            new String[] {
              "explore", "--protocol", "raft", "--threads", "2", "--strategy", "dfs"
            })) {
      Run r = cli(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("--threads"), r.err());
    }
  }
}
