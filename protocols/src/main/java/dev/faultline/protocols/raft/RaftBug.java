package dev.faultline.protocols.raft;

import dev.faultline.sim.api.BugVariant;

/**
 * The injectable Raft bugs of BUGS.md section A. Each is consulted at the one line where the
 * correct code differs ({@code if (config.bug() == RaftBug.R2) ... else ...}).
 */
public enum RaftBug {
  R1("RequestVote grants without the up-to-date log check", "LeaderCompleteness"),
  R2("leader commits an earlier-term entry by counting replicas (Figure 8)", "LeaderCompleteness"),
  R3("votedFor is never written to stable storage (lost on restart)", "ElectionSafety"),
  R4("follower acknowledges AppendEntries before the entries are durable", "LeaderCompleteness"),
  R5("AppendEntries truncates the log unconditionally after prevLogIndex", "LeaderCompleteness"),
  R6(
      "follower sets commitIndex from leaderCommit without min(.., last new entry)",
      "StateMachineSafety"),
  R7("leader answers get from local state without confirming leadership", "Linearizability"),
  R8(
      "single-server change appended before the leader commits an entry of its term",
      "LeaderCompleteness");

  private final String summary;
  private final String violates;

  RaftBug(String summary, String violates) {
    this.summary = summary;
    this.violates = violates;
  }

  public BugVariant variant() {
    return new BugVariant(name(), summary, violates);
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
