package dev.faultline.protocols.raft;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.LeaderGuess;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;

/** A membership admin's state: whether its one request started, is in flight, and whom to ask. */
public final class RaftAdminState implements NodeState<RaftAdminState> {
  /** True once the admin's step has come and its request was first sent. */
  boolean started;

  /** True while the request is outstanding (false once committed or given up). */
  boolean inFlight;

  final LeaderGuess leader;

  /**
   * Ghost, for the EVENTUALLY check that every requested change completes or is reported as
   * refused: "committed", "gave up", or "refused: reason" (the leader's latest refusal); null while
   * nothing was heard. Never read by the admin's behaviour, so not part of its fingerprint.
   */
  String outcome;

  RaftAdminState(LeaderGuess leader) {
    this.leader = leader;
  }

  public boolean inFlight() {
    return inFlight;
  }

  public boolean started() {
    return started;
  }

  public String outcome() {
    return outcome;
  }

  @Override
  public StateDescription describe() {
    return StateDescription.of()
        .put("started", started)
        .put("inFlight", inFlight)
        .put("askingServer", leader.guess())
        .put("outcome", outcome);
  }

  @Override
  public RaftAdminState copy() {
    RaftAdminState c = new RaftAdminState(leader.copy());
    c.started = started;
    c.inFlight = inFlight;
    c.outcome = outcome;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putBoolean(started).putBoolean(inFlight);
    leader.fingerprint(sink);
  }
}
