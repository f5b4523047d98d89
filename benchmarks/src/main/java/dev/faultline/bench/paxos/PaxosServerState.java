package dev.faultline.bench.paxos;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.bench.paxos.PaxosMessage.Accepted;
import dev.faultline.bench.paxos.PaxosMessage.Ballot;
import dev.faultline.bench.paxos.PaxosMessage.Proposal;
import dev.faultline.sim.api.NodeState;
import java.util.Arrays;

/**
 * One Paxos server: the ballot it is in, as leader its proposal, the promises ({@code prepares},
 * per server: whether it answered and what it had accepted) and acceptances of its ballot, and as
 * acceptor what it accepted and whether it knows the value is decided. Servers are numbered 0..n-1.
 */
public final class PaxosServerState implements NodeState<PaxosServerState> {
  private static final Accepted NONE = new Accepted(new Ballot(-1, -1), null);

  Ballot ballot = Ballot.ZERO;
  Proposal proposal;
  // prepares[k]: server k's promise for our ballot: null = none yet, NONE = "accepted nothing".
  Accepted[] prepares;
  boolean[] accepts;
  Accepted accepted;
  boolean decided;

  PaxosServerState(int servers) {
    prepares = new Accepted[servers];
    accepts = new boolean[servers];
  }

  void promise(int server, Accepted lastAccepted) {
    prepares[server] = lastAccepted == null ? NONE : lastAccepted;
  }

  int promises() {
    int n = 0;
    for (Accepted a : prepares) {
      n += a == null ? 0 : 1;
    }
    return n;
  }

  /** The newest proposal among the promises, or null when none had accepted anything. */
  Proposal newestPromised() {
    Accepted best = null;
    for (Accepted a : prepares) {
      if (a != null && a != NONE && (best == null || a.compareTo(best) > 0)) {
        best = a;
      }
    }
    return best == null ? null : best.proposal();
  }

  int acceptances() {
    int n = 0;
    for (boolean a : accepts) {
      n += a ? 1 : 0;
    }
    return n;
  }

  @Override
  public PaxosServerState copy() {
    PaxosServerState c = new PaxosServerState(0);
    c.ballot = ballot;
    c.proposal = proposal;
    c.prepares = prepares.clone();
    c.accepts = accepts.clone();
    c.accepted = accepted;
    c.decided = decided;
    return c;
  }

  @Override
  public void fingerprint(PrimitiveSink sink) {
    ballot(sink, ballot);
    proposal(sink, proposal);
    for (Accepted a : prepares) {
      sink.putByte((byte) (a == null ? 0 : a == NONE ? 1 : 2));
      if (a != null && a != NONE) {
        accepted(sink, a);
      }
    }
    for (boolean a : accepts) {
      sink.putBoolean(a);
    }
    sink.putByte((byte) (accepted == null ? 0 : 1));
    if (accepted != null) {
      accepted(sink, accepted);
    }
    sink.putBoolean(decided);
  }

  private static void ballot(PrimitiveSink sink, Ballot b) {
    sink.putInt(b.round()).putInt(b.leader());
  }

  private static void proposal(PrimitiveSink sink, Proposal p) {
    if (p == null) {
      sink.putByte((byte) 0);
    } else {
      sink.putByte((byte) 1)
          .putLong(p.requestId())
          .putInt(p.requester())
          .putChar(p.value().charAt(0));
    }
  }

  private static void accepted(PrimitiveSink sink, Accepted a) {
    ballot(sink, a.ballot());
    proposal(sink, a.proposal());
  }

  @Override
  public String toString() {
    return "server(ballot="
        + ballot
        + ", proposal="
        + proposal
        + ", prepares="
        + Arrays.toString(prepares)
        + ", accepts="
        + Arrays.toString(accepts)
        + ", accepted="
        + accepted
        + ", decided="
        + decided
        + ")";
  }
}
