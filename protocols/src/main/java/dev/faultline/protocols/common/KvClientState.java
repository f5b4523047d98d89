package dev.faultline.protocols.common;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.StateDescription;

/**
 * A {@link KvClient}'s state: the shared part (how far along the script it is, whether a request is
 * in flight) plus the routing fields a protocol adds in a subclass. The subclass supplies a copy of
 * its own fields and their fingerprint; the shared fields are copied and fingerprinted here.
 */
public abstract class KvClientState<S extends KvClientState<S>> implements NodeState<S> {

  /** Sequence number of the request in flight (or of the last one); also how many ops started. */
  long seq;

  /** True while a request is outstanding. */
  boolean inFlight;

  public final long seq() {
    return seq;
  }

  public final boolean inFlight() {
    return inFlight;
  }

  /** A new state holding a copy of the subclass's fields (the shared ones are copied after). */
  protected abstract S copyRouting();

  /** Writes the subclass's fields, canonically (see {@link NodeState#fingerprint}). */
  protected abstract void fingerprintRouting(PrimitiveSink sink);

  /**
   * Writes the subclass's routing fields (the view or leader it sends to) into {@code d}. Default:
   * none (a client whose routing is not worth showing).
   */
  protected void describeRouting(StateDescription d) {}

  /** How far along its script the client is, whether a request is in flight, and its routing. */
  @Override
  public final StateDescription describe() {
    StateDescription d = StateDescription.of().put("seq", seq).put("inFlight", inFlight);
    describeRouting(d);
    return d;
  }

  @Override
  public final S copy() {
    S c = copyRouting();
    KvClientState<S> shared = c;
    shared.seq = seq;
    shared.inFlight = inFlight;
    return c;
  }

  @Override
  public final void fingerprint(PrimitiveSink sink) {
    sink.putLong(seq).putBoolean(inFlight);
    fingerprintRouting(sink);
  }
}
