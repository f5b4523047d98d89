package dev.faultline.bench.paxos;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.NodeState;

/** A register client: the request it awaits (-1: none) and how many operations it sent. */
public final class RegisterClientState implements NodeState<RegisterClientState> {
  long awaiting = -1;
  int opCount;

  @Override
  public RegisterClientState copy() {
    RegisterClientState c = new RegisterClientState();
    c.awaiting = awaiting;
    c.opCount = opCount;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putLong(awaiting).putInt(opCount);
  }

  @Override
  public String toString() {
    return "client(awaiting=" + awaiting + ", ops=" + opCount + ")";
  }
}
