package dev.faultline.bench.paxos;

import dev.faultline.sim.api.Message;

/**
 * The messages of the single-decree Paxos register: the register interface (put, get and their
 * replies) and the servers' own protocol. Node numbers are positions (servers 0..2, then clients),
 * as in the model this port reproduces. Values are one-letter strings (Stateright's chars).
 */
public sealed interface PaxosMessage extends Message {
  /** A term: a round number and its leader, compared round first. */
  record Ballot(int round, int leader) implements Comparable<Ballot> {
    static final Ballot ZERO = new Ballot(0, 0);

    @Override
    public int compareTo(Ballot o) {
      return round != o.round ? Integer.compare(round, o.round) : Integer.compare(leader, o.leader);
    }
  }

  /** A client's write: its request id, the client, the value. Ordered field by field. */
  record Proposal(long requestId, int requester, String value) implements Comparable<Proposal> {
    @Override
    public int compareTo(Proposal o) {
      int c = Long.compare(requestId, o.requestId);
      if (c == 0) {
        c = Integer.compare(requester, o.requester);
      }
      return c != 0 ? c : value.compareTo(o.value);
    }
  }

  /** A proposal an acceptor accepted, in a ballot. Ordered ballot first. */
  record Accepted(Ballot ballot, Proposal proposal) implements Comparable<Accepted> {
    @Override
    public int compareTo(Accepted o) {
      int c = ballot.compareTo(o.ballot);
      return c != 0 ? c : proposal.compareTo(o.proposal);
    }
  }

  record Put(long requestId, String value) implements PaxosMessage {}

  record Get(long requestId) implements PaxosMessage {}

  record PutOk(long requestId) implements PaxosMessage {}

  record GetOk(long requestId, String value) implements PaxosMessage {}

  record Prepare(Ballot ballot) implements PaxosMessage {}

  /** {@code lastAccepted} is null when the acceptor accepted nothing yet. */
  record Prepared(Ballot ballot, Accepted lastAccepted) implements PaxosMessage {}

  record Accept(Ballot ballot, Proposal proposal) implements PaxosMessage {}

  record AcceptedReply(Ballot ballot) implements PaxosMessage {}

  record Decided(Ballot ballot, Proposal proposal) implements PaxosMessage {}
}
