package dev.faultline.protocols.vr;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvClientState;
import dev.faultline.sim.api.StateDescription;

/** A VR client's routing: the view it believes current (it sends to that view's primary). */
public final class VrClientState extends KvClientState<VrClientState> {
  long view;

  /** When the retry timer fires: true after a send (a timeout), false after a redirect. */
  boolean advanceOnRetry;

  /** Ghost, for the invariants: the highest request number answered (0: none). */
  long acked;

  public long acked() {
    return acked;
  }

  @Override
  protected void describeRouting(StateDescription d) {
    d.put("view", view).put("advanceOnRetry", advanceOnRetry).put("acked", acked);
  }

  @Override
  protected VrClientState copyRouting() {
    VrClientState c = new VrClientState();
    c.view = view;
    c.advanceOnRetry = advanceOnRetry;
    c.acked = acked;
    return c;
  }

  @Override
  protected void fingerprintRouting(PrimitiveSink sink) {
    sink.putLong(view).putBoolean(advanceOnRetry).putLong(acked);
  }
}
