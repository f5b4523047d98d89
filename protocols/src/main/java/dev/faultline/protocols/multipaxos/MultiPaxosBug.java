package dev.faultline.protocols.multipaxos;

import dev.faultline.protocols.common.VariantIds;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.BugVariant.Hunt;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.VariantSearch;
import java.util.List;

/**
 * Injectable Multi-Paxos bugs. Each is consulted at the one line where the correct code differs
 * ({@code if (config.bug() == MultiPaxosBug.P2) ...}) and names the property a check flags first.
 */
public enum MultiPaxosBug {
  // Fuzz budgets (default fuzz shape: 3 servers, 3 clients, 200 operations): about three times the
  // first failing seed (measured from seed 1: P2 17, P8 3, P12 18, every other variant 1). P12
  // needs a leader change with a hole below an adopted slot, which few seeds draw.
  P1(
      "on adoption the leader keeps its own proposals instead of pmax of the pvalues",
      "Agreement",
      Hunt.seeds(3)),
  P2(
      "acceptor accepts a p2a whatever its ballot (no check against the promise)",
      "A3",
      // s1 adopted by s3 sends p2a (1,1) for the put; s2 is adopted with (1,2) by s1, learns the
      // put from s1's pvalue and accepts it at (1,2); s1's late p2a then replaces it at (1,1)
      Hunt.seeds(50)
          .withSearch(Searches.onePut(8).withBounds(1, 0, 0).visiting(71_540).markedCostly())),
  P3("acceptor keeps its promise and accepted pvalues in memory only", "A1", Hunt.seeds(3)),
  // Searches use MultiPaxosSpec.EXPLORE_TIMING (with the default timing no server times out under
  // the explorer).
  P4(
      "quorum is n/2 responses instead of a strict majority",
      "DecidedByMajority",
      // s1 times out and is adopted by itself alone; the put's request makes it decide alone
      Hunt.seeds(3).withSearch(Searches.onePut(2).visiting(10))),
  P5(
      "commander counts a p2b that carries a different ballot as an acceptance",
      "DecidedByMajority",
      // s1 adopted by s3; its p2a reaches s2, which never promised (1,1) and answers its own
      // promise; s1 counts that refusal
      Hunt.seeds(3).withSearch(Searches.onePut(6).visiting(5_764))),
  P6(
      "replica executes a decision past a hole (slot_out skips undecided slots)",
      "ExecutedPrefix",
      Hunt.seeds(3)),
  P7(
      "replica executes a command again if decided in two slots (no session check)",
      "Linearizability",
      Hunt.seeds(3)),
  P8(
      "ballots carry no leader id, so two leaders can use the same ballot",
      "A4",
      // c1's request reaches s1 and, after a retry, s2; s1 and s2 each time out, take ballot (1,0)
      // and are adopted by s3, so each accepts its own command for slot 1 at (1,0)
      Hunt.seeds(10)
          .withSearch(Searches.onePut(9).withBounds(1, 0, 0).visiting(295_950).markedCostly())),
  P9(
      "commander's quorum test inverted: decides before a majority answered",
      "DecidedByMajority",
      // s1 adopted by s3 decides the put on its own acceptance
      Hunt.seeds(3).withSearch(Searches.onePut(4).visiting(230))),
  P10(
      "leader books its own acceptor's vote under the sender of the message it is handling",
      "VotesCounted",
      // s1 holds the put's proposal and is adopted on s3's p1b; the commander it starts there
      // books s1's own acceptance under s3
      Hunt.seeds(3).withSearch(Searches.onePut(4).visiting(230))),
  P11(
      "leader goes passive on a stale preemption and never scouts again",
      "Liveness",
      Hunt.seeds(3)),
  P12("a new leader does not fill holes with no-ops", "HolesFilled", Hunt.seeds(54)),
  P13(
      "acceptor drops pvalues its own replica executed, not below the global floor",
      "A3",
      Hunt.seeds(3)),
  P14(
      "replica drops its request when another command is decided in its slot",
      "RequestsKept",
      Hunt.seeds(3));

  /** The declared searches' shape: 3 servers, one client doing one put. */
  private static final class Searches {
    static final List<List<ClientOp>> ONE_PUT = List.of(List.of(new ClientOp("put", "x", "c1-1")));

    static VariantSearch onePut(int steps) {
      return VariantSearch.of(3, ONE_PUT, steps).withOptions(MultiPaxosSpec.EXPLORE_TIMING);
    }
  }

  private final String summary;
  private final String violates;

  /** Seeds within which the swarm fuzzer finds this bug (first failing seed, with a margin). */
  private final Hunt hunt;

  MultiPaxosBug(String summary, String violates, Hunt hunt) {
    this.summary = summary;
    this.violates = violates;
    this.hunt = hunt;
  }

  public BugVariant variant() {
    return new BugVariant(name(), summary, violates, hunt);
  }

  /** The bug named {@code id}, null for null/"" (the correct protocol). */
  public static MultiPaxosBug parse(String id) {
    return VariantIds.parse(MultiPaxosBug.class, "multipaxos", id);
  }
}
