package dev.faultline.protocols.common;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.StateDescription;

/** The state of a {@link KvClient} of a leader-based protocol: the shared part and a guess. */
public final class LeaderClientState extends KvClientState<LeaderClientState> {
  private final LeaderGuess leader;

  public LeaderClientState(LeaderGuess leader) {
    this.leader = leader;
  }

  public LeaderGuess leader() {
    return leader;
  }

  @Override
  protected void describeRouting(StateDescription d) {
    d.put("askingServer", leader.guess());
  }

  @Override
  protected LeaderClientState copyRouting() {
    return new LeaderClientState(leader.copy());
  }

  @Override
  protected void fingerprintRouting(PrimitiveSink sink) {
    leader.fingerprint(sink);
  }
}
