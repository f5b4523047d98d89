package dev.faultline.protocols.raft;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;

/** A client's (or admin's) state: where it is in its script and whom it believes leads. */
public final class RaftClientState implements NodeState<RaftClientState> {
  final NodeId self;

  /** Index of the next operation of the script to issue. */
  int nextOp;

  /** Sequence number of the request in flight (or of the last one). */
  long seq;

  /** True while a request is outstanding. */
  boolean inFlight;

  /** Index into the server list of the server the next send goes to. */
  int guess;

  /** Round-robin position: advanced by timeouts and dead ends, not by following hints. */
  int rotation;

  /** True if the current guess came from a leader hint (a second hint in a row is not followed). */
  boolean followedHint;

  /** When the retry timer fires: false after a redirect (resend to the hint), true on a timeout. */
  boolean rotateOnRetry;

  RaftClientState(NodeId self, int guess) {
    this.self = self;
    this.guess = guess;
    this.rotation = guess;
  }

  /** After a refusal: follow a fresh hint once, else move on round-robin (no hint cycles). */
  void redirect(int hinted, int servers) {
    if (hinted >= 0 && hinted != guess && !followedHint) {
      guess = hinted;
      followedHint = true;
    } else {
      rotate(servers);
    }
  }

  void rotate(int servers) {
    rotation = (rotation + 1) % servers;
    guess = rotation;
    followedHint = false;
  }

  public int nextOp() {
    return nextOp;
  }

  public boolean inFlight() {
    return inFlight;
  }

  @Override
  public RaftClientState copy() {
    RaftClientState c = new RaftClientState(self, guess);
    c.nextOp = nextOp;
    c.seq = seq;
    c.inFlight = inFlight;
    c.rotateOnRetry = rotateOnRetry;
    c.rotation = rotation;
    c.followedHint = followedHint;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putInt(nextOp).putLong(seq).putBoolean(inFlight).putInt(guess).putBoolean(rotateOnRetry);
    sink.putInt(rotation).putBoolean(followedHint);
  }
}
