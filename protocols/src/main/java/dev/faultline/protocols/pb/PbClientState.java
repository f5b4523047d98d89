package dev.faultline.protocols.pb;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeState;

/** A client's state: its cached view and where it is in its script. */
public final class PbClientState implements NodeState<PbClientState> {
  View view = View.STARTUP;

  /** Index of the next operation of the script to issue. */
  int next;

  /** Sequence number of the current (or last) operation; starts at 1. */
  long seq;

  boolean outstanding;

  /** Ghost for BackupHasAckedWrites: the highest seq of a write this client saw acknowledged. */
  long ackedWriteSeq;

  public View view() {
    return view;
  }

  public long ackedWriteSeq() {
    return ackedWriteSeq;
  }

  public boolean outstanding() {
    return outstanding;
  }

  public int next() {
    return next;
  }

  @Override
  public PbClientState copy() {
    PbClientState c = new PbClientState();
    c.view = view;
    c.next = next;
    c.seq = seq;
    c.outstanding = outstanding;
    c.ackedWriteSeq = ackedWriteSeq;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    Fingerprints.put(sink, view);
    Fingerprints.put(sink, next);
    Fingerprints.put(sink, seq);
    Fingerprints.put(sink, outstanding);
    Fingerprints.put(sink, ackedWriteSeq);
  }
}
