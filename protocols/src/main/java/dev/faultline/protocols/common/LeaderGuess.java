package dev.faultline.protocols.common;

import com.google.common.hash.PrimitiveSink;

/**
 * Whom a client of a leader-based protocol (Raft, Multi-Paxos, VR) sends to: a guess among the
 * servers that follows a refusal's leader hint once, and otherwise moves round-robin, so two
 * servers with stale hints cannot keep a client bouncing between them.
 */
public final class LeaderGuess {
  /** Index into the server list of the server the next send goes to. */
  private int guess;

  /** Round-robin position: advanced by timeouts and dead ends, not by following hints. */
  private int rotation;

  /** True if the current guess came from a leader hint (a second hint in a row is not followed). */
  private boolean followedHint;

  /** When the retry timer fires: false after a refusal (resend to the hint), true on a timeout. */
  private boolean rotateOnRetry;

  public LeaderGuess(int first) {
    this.guess = first;
    this.rotation = first;
  }

  public int guess() {
    return guess;
  }

  /** After a refusal: follow a fresh hint once, else move on round-robin (no hint cycles). */
  public void redirect(int hinted, int servers) {
    if (hinted >= 0 && hinted != guess && !followedHint) {
      guess = hinted;
      followedHint = true;
    } else {
      rotate(servers);
    }
    rotateOnRetry = false;
  }

  /** A refusal from the guessed server itself (it is busy): resend to it, do not rotate. */
  public void stay() {
    rotateOnRetry = false;
  }

  /** A request was just sent to {@link #guess()}: if it goes unanswered, try the next server. */
  public void sent() {
    rotateOnRetry = true;
  }

  /** The retry timer fired: rotate if the last send went unanswered (not after a refusal). */
  public void retrying(int servers) {
    if (rotateOnRetry) {
      rotate(servers);
    }
  }

  /** An answer came: the next refusal's hint may be followed again. */
  public void answered() {
    followedHint = false;
  }

  private void rotate(int servers) {
    rotation = (rotation + 1) % servers;
    guess = rotation;
    followedHint = false;
  }

  public LeaderGuess copy() {
    LeaderGuess c = new LeaderGuess(guess);
    c.rotation = rotation;
    c.followedHint = followedHint;
    c.rotateOnRetry = rotateOnRetry;
    return c;
  }

  public void fingerprint(PrimitiveSink sink) {
    sink.putInt(guess).putBoolean(rotateOnRetry).putInt(rotation).putBoolean(followedHint);
  }
}
