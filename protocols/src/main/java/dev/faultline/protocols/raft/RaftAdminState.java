package dev.faultline.protocols.raft;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.LeaderGuess;
import dev.faultline.sim.api.NodeState;

/** A membership admin's state: whether its one request started, is in flight, and whom to ask. */
public final class RaftAdminState implements NodeState<RaftAdminState> {
  /** True once the admin's step has come and its request was first sent. */
  boolean started;

  /** True while the request is outstanding (false once committed or given up). */
  boolean inFlight;

  final LeaderGuess leader;

  RaftAdminState(LeaderGuess leader) {
    this.leader = leader;
  }

  public boolean inFlight() {
    return inFlight;
  }

  @Override
  public RaftAdminState copy() {
    RaftAdminState c = new RaftAdminState(leader.copy());
    c.started = started;
    c.inFlight = inFlight;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putBoolean(started).putBoolean(inFlight);
    leader.fingerprint(sink);
  }
}
