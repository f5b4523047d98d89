package dev.faultline.protocols.multipaxos;

/**
 * A ballot (round, leader): ordered by round, then by the leader's server number, so two leaders
 * never share a ballot (the leader-id tie-break). {@link #BOTTOM} is below every real ballot.
 */
public record Ballot(long round, int leader) implements Comparable<Ballot> {
  public static final Ballot BOTTOM = new Ballot(0, 0);

  @Override
  public int compareTo(Ballot o) {
    int byRound = Long.compare(round, o.round);
    return byRound != 0 ? byRound : Integer.compare(leader, o.leader);
  }

  public boolean greaterThan(Ballot o) {
    return compareTo(o) > 0;
  }

  public static Ballot max(Ballot a, Ballot b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public String toString() {
    return "(" + round + "," + leader + ")";
  }
}
