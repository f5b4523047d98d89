package dev.faultline.bench.paxos;

import dev.faultline.bench.paxos.PaxosMessage.Accept;
import dev.faultline.bench.paxos.PaxosMessage.Accepted;
import dev.faultline.bench.paxos.PaxosMessage.AcceptedReply;
import dev.faultline.bench.paxos.PaxosMessage.Ballot;
import dev.faultline.bench.paxos.PaxosMessage.Decided;
import dev.faultline.bench.paxos.PaxosMessage.Get;
import dev.faultline.bench.paxos.PaxosMessage.GetOk;
import dev.faultline.bench.paxos.PaxosMessage.Prepare;
import dev.faultline.bench.paxos.PaxosMessage.Prepared;
import dev.faultline.bench.paxos.PaxosMessage.Proposal;
import dev.faultline.bench.paxos.PaxosMessage.Put;
import dev.faultline.bench.paxos.PaxosMessage.PutOk;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.List;

/**
 * A single-decree Paxos server with the behaviour of Stateright's Paxos example (every client put
 * starts a new ballot led by the server it reached; the leader simulates its own promise and
 * acceptance; a decided server answers gets with the decided value and ignores everything else). A
 * message a guard rejects changes nothing.
 */
public final class PaxosServer implements Protocol<PaxosServerState, PaxosMessage, Timer> {
  private final int self;
  private final List<NodeId> ids; // every node, by number
  private final int servers;

  PaxosServer(int self, List<NodeId> ids, int servers) {
    this.self = self;
    this.ids = ids;
    this.servers = servers;
  }

  @Override
  public PaxosServerState init(NodeId id, Durable durable, Effects<PaxosMessage, Timer> out) {
    return new PaxosServerState(servers);
  }

  @Override
  public void onMessage(
      PaxosServerState s, NodeId from, PaxosMessage m, Effects<PaxosMessage, Timer> out) {
    int src = ids.indexOf(from);
    if (s.decided) {
      if (m instanceof Get g) {
        out.send(from, new GetOk(g.requestId(), s.accepted.proposal().value()));
      }
      return;
    }
    switch (m) {
      case Put p when s.proposal == null ->
          startBallot(s, new Proposal(p.requestId(), src, p.value()), out);
      case Prepare p when s.ballot.compareTo(p.ballot()) < 0 -> {
        s.ballot = p.ballot();
        out.send(from, new Prepared(p.ballot(), s.accepted));
      }
      case Prepared p when p.ballot().equals(s.ballot) -> onPrepared(s, src, p, out);
      case Accept a when s.ballot.compareTo(a.ballot()) <= 0 -> {
        s.ballot = a.ballot();
        s.accepted = new Accepted(a.ballot(), a.proposal());
        out.send(from, new AcceptedReply(a.ballot()));
      }
      case AcceptedReply a when a.ballot().equals(s.ballot) -> onAccepted(s, src, a, out);
      case Decided d -> {
        s.ballot = d.ballot();
        s.accepted = new Accepted(d.ballot(), d.proposal());
        s.decided = true;
      }
      default -> {}
    }
  }

  private void startBallot(PaxosServerState s, Proposal p, Effects<PaxosMessage, Timer> out) {
    s.proposal = p;
    s.prepares = new Accepted[servers];
    s.accepts = new boolean[servers];
    s.ballot = new Ballot(s.ballot.round() + 1, self);
    s.promise(self, s.accepted); // our own promise, without a message
    broadcast(new Prepare(s.ballot), out);
  }

  private void onPrepared(
      PaxosServerState s, int src, Prepared p, Effects<PaxosMessage, Timer> out) {
    s.promise(src, p.lastAccepted());
    if (s.promises() == majority()) {
      Proposal newest = s.newestPromised();
      s.proposal = newest != null ? newest : s.proposal;
      s.accepted = new Accepted(p.ballot(), s.proposal); // our own acceptance
      s.accepts[self] = true;
      broadcast(new Accept(p.ballot(), s.proposal), out);
    }
  }

  private void onAccepted(
      PaxosServerState s, int src, AcceptedReply a, Effects<PaxosMessage, Timer> out) {
    s.accepts[src] = true;
    if (s.acceptances() == majority()) {
      s.decided = true;
      broadcast(new Decided(a.ballot(), s.proposal), out);
      out.send(ids.get(s.proposal.requester()), new PutOk(s.proposal.requestId()));
    }
  }

  private int majority() {
    return servers / 2 + 1;
  }

  private void broadcast(PaxosMessage m, Effects<PaxosMessage, Timer> out) {
    for (int k = 0; k < servers; k++) {
      if (k != self) {
        out.send(ids.get(k), m);
      }
    }
  }

  @Override
  public void onTimer(PaxosServerState s, Timer t, Effects<PaxosMessage, Timer> out) {}
}
