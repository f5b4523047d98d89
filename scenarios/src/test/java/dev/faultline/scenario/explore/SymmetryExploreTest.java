package dev.faultline.scenario.explore;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.ExploreGolden;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symmetry reduction ({@code explore --symmetry}): golden counts with and without it on the
 * protocols' pinned searches, the same result on parallel BFS, a known counterexample still found
 * and replayed by {@code faultline run}, and one-line refusals where servers are not
 * interchangeable.
 */
class SymmetryExploreTest {
  @TempDir Path dir;

  /** Raft's golden search (3 servers, no clients, PreVote and CheckQuorum off, depth 6). */
  private static final long RAFT_GOLDEN = 6245;

  private static final long RAFT_GOLDEN_SYMMETRIC = 1065;

  private static ExploreResult raftGolden(boolean symmetry, int threads) {
    ClusterSpec spec = ExploreRun.specFor("raft", null);
    ExploreGolden g = spec.exploreGolden();
    return new ExploreRun(
            "raft",
            null,
            g.servers(),
            g.clients(),
            g.opsPerClient(),
            g.options(),
            ExploreOptions.defaults().withMaxDepth(g.maxDepth()),
            true)
        .withSymmetry(symmetry)
        .withThreads(threads)
        .search();
  }

  @Test
  void raftGoldenCountsWithAndWithoutSymmetry() {
    ExploreResult plain = raftGolden(false, 1);
    ExploreResult reduced = raftGolden(true, 1);
    assertEquals(EndCondition.BOUND_REACHED, plain.end(), plain.summary());
    assertEquals(EndCondition.BOUND_REACHED, reduced.end(), reduced.summary());
    assertEquals(RAFT_GOLDEN, plain.uniqueStates(), plain.summary());
    assertEquals(RAFT_GOLDEN_SYMMETRIC, reduced.uniqueStates(), reduced.summary());
    // An orbit holds at most 3! = 6 states, and the reduction must merge some.
    assertTrue(reduced.uniqueStates() * 6 >= plain.uniqueStates(), reduced.summary());
    assertTrue(reduced.uniqueStates() < plain.uniqueStates(), reduced.summary());
    assertEquals(plain.maxDepth(), reduced.maxDepth());
  }

  @Test
  void parallelBfsWithSymmetryEqualsOneThread() {
    ExploreResult one = raftGolden(true, 1);
    ExploreResult two = raftGolden(true, 2);
    assertEquals(one.uniqueStates(), two.uniqueStates());
    assertEquals(one.states(), two.states());
    assertEquals(one.end(), two.end());
    assertEquals(one.maxDepth(), two.maxDepth());
  }

  @Test
  void raftR3IsStillFoundAndItsCounterexampleReplays() throws Exception {
    Run r = exploreR3("--symmetry");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("ElectionSafety"), r.out());
    assertTrue(r.out().contains("counterexample: 8 steps"), r.out());
    assertTrue(r.out().contains("symmetry: states equal up to renaming [s1, s2, s3]"), r.out());
    Path file = dir.resolve("explore-raft-R3.json");
    assertTrue(Files.exists(file), r.out());
    Run replay = cli("run", file.toString(), "--out", dir.resolve("replay").toString());
    assertEquals(1, replay.code(), replay.out() + replay.err());
    assertTrue(replay.out().contains("ElectionSafety"), replay.out());
  }

  @Test
  void refusedWithOneLineWhereServersAreNotInterchangeable() {
    Run withClient =
        cli("explore", "--protocol", "raft", "--clients", "1", "--max-depth", "2", "--symmetry");
    assertEquals(2, withClient.code(), withClient.out() + withClient.err());
    assertEquals(
        List.of(
            "faultline: --symmetry: raft: symmetry needs 0 clients (a client tries servers"
                + " round-robin in id order)"),
        withClient.err().lines().toList());
    Run pb = cli("explore", "--protocol", "pb", "--max-depth", "2", "--symmetry");
    assertEquals(2, pb.code(), pb.out() + pb.err());
    assertEquals(1, pb.err().lines().count(), pb.err());
    assertTrue(pb.err().contains("--symmetry: pb: servers are not interchangeable"), pb.err());
    Run paxos = cli("explore", "--protocol", "multipaxos", "--max-depth", "2", "--symmetry");
    assertEquals(2, paxos.code(), paxos.out() + paxos.err());
    assertEquals(1, paxos.err().lines().count(), paxos.err());
    assertTrue(
        paxos.err().contains("--symmetry: multipaxos declares no interchangeable"), paxos.err());
  }

  private Run exploreR3(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "explore",
                "--protocol",
                "raft",
                "--variant",
                "R3",
                "--clients",
                "0",
                "--max-crashes",
                "1",
                "--max-depth",
                "8",
                "--option",
                "preVote=false",
                "--option",
                "checkQuorum=false",
                "--out",
                dir.toString()));
    args.addAll(List.of(more));
    return cli(args.toArray(new String[0]));
  }
}
