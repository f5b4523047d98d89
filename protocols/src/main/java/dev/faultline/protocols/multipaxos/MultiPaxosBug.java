package dev.faultline.protocols.multipaxos;

import dev.faultline.sim.api.BugVariant;

/**
 * Injectable Multi-Paxos bugs. Each is consulted at the one line where the correct code differs
 * ({@code if (config.bug() == MultiPaxosBug.P2) ...}) and names the property a check flags first.
 */
public enum MultiPaxosBug {
  P1("on adoption the leader keeps its own proposals instead of pmax of the pvalues", "Agreement"),
  P2("acceptor accepts a p2a whatever its ballot (no check against the promise)", "A3"),
  P3("acceptor keeps its promise and accepted pvalues in memory only", "A1"),
  P4("quorum is n/2 responses instead of a strict majority", "DecidedByMajority"),
  P5(
      "commander counts a p2b that carries a different ballot as an acceptance",
      "DecidedByMajority"),
  P6("replica executes a decision past a hole (slot_out skips undecided slots)", "ExecutedPrefix"),
  P7(
      "replica executes a command again if decided in two slots (no session check)",
      "Linearizability"),
  P8("ballots carry no leader id, so two leaders can use the same ballot", "A4"),
  P9("commander's quorum test inverted: decides before a majority answered", "DecidedByMajority"),
  P11("leader goes passive on a stale preemption and never scouts again", "Liveness"),
  P12("a new leader does not fill holes with no-ops", "HolesFilled"),
  P13("acceptor drops pvalues its own replica executed, not below the global floor", "A3"),
  P14("replica drops its request when another command is decided in its slot", "RequestsKept");

  private final String summary;
  private final String violates;

  MultiPaxosBug(String summary, String violates) {
    this.summary = summary;
    this.violates = violates;
  }

  public BugVariant variant() {
    return new BugVariant(name(), summary, violates);
  }

  /** The bug named {@code id}, null for null/"" (the correct protocol). */
  public static MultiPaxosBug parse(String id) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    for (MultiPaxosBug b : values()) {
      if (b.name().equals(id)) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "unknown multipaxos variant '" + id + "' (known: P1..P9, P11..P14)");
  }
}
