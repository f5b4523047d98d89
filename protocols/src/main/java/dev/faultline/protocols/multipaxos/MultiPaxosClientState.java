package dev.faultline.protocols.multipaxos;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.NodeState;

/** A client's state: where it is in its script and which server it sends to. */
public final class MultiPaxosClientState implements NodeState<MultiPaxosClientState> {
  int nextOp;
  long seq;
  boolean inFlight;
  int server;

  MultiPaxosClientState(int server) {
    this.server = server;
  }

  public int nextOp() {
    return nextOp;
  }

  public boolean inFlight() {
    return inFlight;
  }

  @Override
  public MultiPaxosClientState copy() {
    MultiPaxosClientState c = new MultiPaxosClientState(server);
    c.nextOp = nextOp;
    c.seq = seq;
    c.inFlight = inFlight;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putInt(nextOp).putLong(seq).putBoolean(inFlight).putInt(server);
  }
}
