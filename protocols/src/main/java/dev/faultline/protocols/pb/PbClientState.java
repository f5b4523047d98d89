package dev.faultline.protocols.pb;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.protocols.common.KvClientState;
import dev.faultline.sim.api.StateDescription;

/** A client's state: the shared client part plus its cached view. */
public final class PbClientState extends KvClientState<PbClientState> {
  View view = View.STARTUP;

  /** Ghost for BackupHasAckedWrites: the highest seq of a write this client saw acknowledged. */
  long ackedWriteSeq;

  public View view() {
    return view;
  }

  public long ackedWriteSeq() {
    return ackedWriteSeq;
  }

  @Override
  protected void describeRouting(StateDescription d) {
    d.put("view", view.toString()).put("ackedWriteSeq", ackedWriteSeq);
  }

  @Override
  protected PbClientState copyRouting() {
    PbClientState c = new PbClientState();
    c.view = view;
    c.ackedWriteSeq = ackedWriteSeq;
    return c;
  }

  @Override
  protected void fingerprintRouting(PrimitiveSink sink) {
    PbFingerprints.putView(sink, view);
    PbFingerprints.putLong(sink, ackedWriteSeq);
  }
}
