package dev.faultline.protocols.vr;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.NodeState;

/** A client's state: where it is in its script and which view it believes is current. */
public final class VrClientState implements NodeState<VrClientState> {
  /** Index of the next operation of the script to issue. */
  int nextOp;

  /** The request number of the request in flight (or of the last one). */
  long requestNumber;

  boolean inFlight;

  /** The view the client believes current; it sends to that view's primary. */
  long view;

  /** When the retry timer fires: true after a send (timeout), false after a redirect. */
  boolean advanceOnRetry;

  /** Ghost, for the invariants: the highest request number answered (0: none). */
  long acked;

  public long acked() {
    return acked;
  }

  @Override
  public VrClientState copy() {
    VrClientState c = new VrClientState();
    c.nextOp = nextOp;
    c.requestNumber = requestNumber;
    c.inFlight = inFlight;
    c.view = view;
    c.acked = acked;
    c.advanceOnRetry = advanceOnRetry;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putInt(nextOp).putLong(requestNumber).putBoolean(inFlight).putLong(view).putLong(acked);
    sink.putBoolean(advanceOnRetry);
  }
}
