package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.VariantIds;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.BugVariant.Hunt;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.VariantSearch;
import java.util.List;
import java.util.Map;

/**
 * The injectable Raft bugs (catalogue: docs/protocols/raft.md). Each is consulted at the one line
 * where the correct code differs ({@code if (config.bug() == RaftBug.R2) ... else ...}).
 */
public enum RaftBug {
  // Fuzz budgets: the first failing seed of the declared range (measured: R1 7, R2 403045, R3
  // 300032, R4 7, R5 1, R6 23, R7 39, R8 3000032 at 5 servers), with a margin. R2, R3 and R8 hunt
  // in the range of the five measured ranges (first seeds 1, 100001, ... 400001; R8 1, 1000001,
  // ...) where they are found soonest, to keep the suite fast: their medians are 2562, 104 and 91.
  // BFS from boot (PreVote, CheckQuorum off): s1 is elected by s2 and commits its no-op on {s1,
  // s2} (5 steps); s2 times out (term 2) and asks s3; s3 times out (term 3) and asks s2, which
  // grants without the log check; s3 counts s2's vote and its own: a leader without the committed
  // entry. Bounded by max-timer-repeats=1, max-in-flight-per-link=2; the full model (3.5M states)
  // has the same 10 steps. Costly: 32 s, and 22 s for the correct protocol (448,265 states), on a
  // loaded 2-core machine.
  R1(
      "RequestVote grants without the up-to-date log check",
      "LeaderCompleteness",
      Hunt.seeds(30)
          .withSearch(
              VariantSearch.of(3, Searches.ONE_PUT, 10)
                  .withOptions(Searches.PLAIN)
                  .withBounds(1, 2, 0)
                  .visiting(294_976)
                  .markedCostly())),
  R2(
      "leader commits an earlier-term entry by counting replicas (Figure 8)",
      "LeaderCompleteness",
      Hunt.seeds(300).from(403_001)),
  R3(
      "votedFor is never written to stable storage (lost on restart)",
      "ElectionSafety",
      // BFS from boot, no client, 1 crash: timeout, RequestVote, VoteReply (leader 1), timeout,
      // crash + restart of the voter, RequestVote, VoteReply (leader 2).
      Hunt.seeds(100)
          .from(300_001)
          .withSearch(
              VariantSearch.of(3, List.of(), 8).withOptions(Searches.PLAIN).withCrashes(1))),
  R4(
      "follower acknowledges AppendEntries before the entries are durable",
      "LeaderCompleteness",
      Hunt.seeds(30)),
  R5(
      "AppendEntries truncates the log unconditionally after prevLogIndex",
      "LeaderCompleteness",
      // BFS from boot with max-timer-repeats=1: 7 steps, the last one into a state reached before
      // by a harmless order (8 steps while such steps went unchecked).
      Hunt.seeds(10)
          .withSearch(
              VariantSearch.of(3, Searches.ONE_PUT, 7)
                  .withOptions(Searches.PLAIN)
                  .withBounds(1, 0, 0)
                  .visiting(11_006))),
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

  /**
   * The declared searches' shapes. PreVote and CheckQuorum off: they add a message round to every
   * election, deepening every counterexample without changing which bugs exist.
   */
  private static final class Searches {
    static final Map<String, String> PLAIN = Map.of("preVote", "false", "checkQuorum", "false");
    static final List<List<ClientOp>> ONE_PUT = List.of(List.of(new ClientOp("put", "x", "c1-1")));
  }

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
    return VariantIds.parse(RaftBug.class, "raft", id);
  }
}
