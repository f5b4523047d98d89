package dev.faultline.protocols.raft;

import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.BugVariant.Hunt;

/**
 * The injectable Raft bugs (catalogue: docs/protocols/raft.md). Each is consulted at the one line
 * where the correct code differs ({@code if (config.bug() == RaftBug.R2) ... else ...}).
 */
public enum RaftBug {
  // Fuzz budgets: the first failing seed of the declared range (measured: R1 7, R2 403045, R3
  // 300032, R4 7, R5 1, R6 23, R7 39, R8 3000032 at 5 servers), with a margin. R2, R3 and R8 hunt
  // in the range of the five measured ranges (first seeds 1, 100001, ... 400001; R8 1, 1000001,
  // ...) where they are found soonest, to keep the suite fast: their medians are 2562, 104 and 91.
  R1("RequestVote grants without the up-to-date log check", "LeaderCompleteness", Hunt.seeds(30)),
  R2(
      "leader commits an earlier-term entry by counting replicas (Figure 8)",
      "LeaderCompleteness",
      Hunt.seeds(300).from(403_001)),
  R3(
      "votedFor is never written to stable storage (lost on restart)",
      "ElectionSafety",
      Hunt.seeds(100).from(300_001)),
  R4(
      "follower acknowledges AppendEntries before the entries are durable",
      "LeaderCompleteness",
      Hunt.seeds(30)),
  R5(
      "AppendEntries truncates the log unconditionally after prevLogIndex",
      "LeaderCompleteness",
      Hunt.seeds(10)),
  R6(
      "follower sets commitIndex from leaderCommit without min(.., last new entry)",
      "StateMachineSafety",
      Hunt.seeds(80)),
  R7(
      "leader answers get from local state without confirming leadership",
      "Linearizability",
      Hunt.seeds(120)),
  // Needs an even voter set (4 voters and a spare) and the swarm's racing membership plans.
  R8(
      "single-server change appended before the leader commits an entry of its term",
      "LeaderCompleteness",
      Hunt.seeds(100).from(3_000_001).withServers(5));

  private final String summary;
  private final String violates;

  /** Seeds within which the swarm fuzzer finds this bug (first failing seed, with a margin). */
  private final Hunt hunt;

  RaftBug(String summary, String violates, Hunt hunt) {
    this.summary = summary;
    this.violates = violates;
    this.hunt = hunt;
  }

  public BugVariant variant() {
    return new BugVariant(name(), summary, violates, hunt);
  }

  /** The bug named {@code id} (R1..R8), null for null/"" (the correct protocol). */
  public static RaftBug parse(String id) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    for (RaftBug b : values()) {
      if (b.name().equals(id)) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown raft variant '" + id + "' (known: R1..R8)");
  }
}
