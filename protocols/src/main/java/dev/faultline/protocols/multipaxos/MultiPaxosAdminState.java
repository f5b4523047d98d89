package dev.faultline.protocols.multipaxos;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.NodeState;

/** A configuration admin's state: whether its command was sent, to whom, and the answer. */
public final class MultiPaxosAdminState implements NodeState<MultiPaxosAdminState> {
  /** True once the admin's step has come and its command was first sent. */
  boolean started;

  /** Index of the server the command last went to. */
  int target;

  /** The answer: "ok ..." or "refused: why"; null while none came. */
  String outcome;

  public boolean started() {
    return started;
  }

  public String outcome() {
    return outcome;
  }

  @Override
  public MultiPaxosAdminState copy() {
    MultiPaxosAdminState c = new MultiPaxosAdminState();
    c.started = started;
    c.target = target;
    c.outcome = outcome;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putBoolean(started).putInt(target).putBoolean(outcome != null);
  }
}
