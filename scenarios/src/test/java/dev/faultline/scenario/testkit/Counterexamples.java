package dev.faultline.scenario.testkit;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/** Explorer counterexamples the tests start from, found by the CLI as a user would find them. */
public final class Counterexamples {
  private Counterexamples() {}

  /**
   * Raft R3 (the vote is not persisted): BFS from boot, no client, one crash, depth 8, found in a
   * few seconds; the file {@code explore-raft-R3.json} in {@code dir} (8 steps, ElectionSafety).
   */
  public static Path raftR3(Path dir) {
    Cli.Run found = exploreRaftR3(dir);
    assertEquals(1, found.code(), found.out() + found.err());
    return dir.resolve("explore-raft-R3.json");
  }

  /** The explore call {@link #raftR3} makes, with its output, for tests that read the output. */
  public static Cli.Run exploreRaftR3(Path dir) {
    return cli(
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
        dir.toString());
  }
}
