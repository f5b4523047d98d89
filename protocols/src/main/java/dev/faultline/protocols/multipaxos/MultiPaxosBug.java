package dev.faultline.protocols.multipaxos;

import dev.faultline.protocols.common.VariantIds;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.BugVariant.Hunt;

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
      Hunt.seeds(50)),
  P3("acceptor keeps its promise and accepted pvalues in memory only", "A1", Hunt.seeds(3)),
  P4("quorum is n/2 responses instead of a strict majority", "DecidedByMajority", Hunt.seeds(3)),
  P5(
      "commander counts a p2b that carries a different ballot as an acceptance",
      "DecidedByMajority",
      Hunt.seeds(3)),
  P6(
      "replica executes a decision past a hole (slot_out skips undecided slots)",
      "ExecutedPrefix",
      Hunt.seeds(3)),
  P7(
      "replica executes a command again if decided in two slots (no session check)",
      "Linearizability",
      Hunt.seeds(3)),
  P8("ballots carry no leader id, so two leaders can use the same ballot", "A4", Hunt.seeds(10)),
  P9(
      "commander's quorum test inverted: decides before a majority answered",
      "DecidedByMajority",
      Hunt.seeds(3)),
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
