package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The election restriction as a rule of the algorithm, by the {@code checkRules} option. */
public final class RaftVoteInvariants {
  /**
   * A server grants its vote only to a candidate whose log is at least as up-to-date as its own
   * (Raft section 5.4.1: a later last term, or the same last term and at least as long). The
   * candidate's log is taken as it stood when it became a candidate in that term, which is what its
   * RequestVote carries (a candidate's log does not change while it stays one, and the check runs
   * after every event); the voter's log is taken at the event that granted the vote (a grant does
   * not change it). A vote against the rule elects a leader that lacks committed entries only when
   * that candidate then wins; the rule shows it at the vote.
   */
  static final class VotesForUpToDateLogs implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    // Per candidate: {term, last log term, last log index} when first seen a candidate in term.
    private final Map<NodeId, long[]> candidacy = new HashMap<>(); // lookups only, never iterated
    // Per voter: the state object, term and vote at the last check.
    private final Map<NodeId, Seen> seen = new HashMap<>(); // lookups only, never iterated

    private record Seen(RaftState state, long term, NodeId votedFor) {}

    @Override
    public String name() {
      return "VotesForUpToDateLogs";
    }

    @Override
    public String check(SystemView view) {
      List<RaftState> live = RaftInvariants.Servers.of(servers, view);
      for (RaftState s : live) {
        if (s.role == RaftRole.CANDIDATE) {
          long[] c = candidacy.get(s.self);
          if (c == null || c[0] != s.term) {
            candidacy.put(s.self, new long[] {s.term, s.log.lastTerm(), s.log.lastIndex()});
          }
        }
      }
      for (RaftState s : live) {
        Seen before = seen.get(s.self);
        boolean granted =
            before != null
                && before.state() == s
                && s.votedFor != null
                && !s.votedFor.equals(s.self)
                && (before.term() != s.term || before.votedFor() == null);
        if (before == null
            || before.state() != s
            || before.term() != s.term
            || before.votedFor() != s.votedFor) {
          seen.put(s.self, new Seen(s, s.term, s.votedFor));
        }
        long[] c = granted ? candidacy.get(s.votedFor) : null;
        if (c != null && c[0] == s.term && !atLeastAsUpToDate(c[1], c[2], s.log)) {
          return s.self
              + " voted for "
              + s.votedFor
              + " in term "
              + s.term
              + " whose log ended at index "
              + c[2]
              + " term "
              + c[1]
              + " when it stood, but its own log ends at index "
              + s.log.lastIndex()
              + " term "
              + s.log.lastTerm();
        }
      }
      return null;
    }

    private static boolean atLeastAsUpToDate(long lastTerm, long lastIndex, RaftLog voter) {
      if (lastTerm != voter.lastTerm()) {
        return lastTerm > voter.lastTerm();
      }
      return lastIndex >= voter.lastIndex();
    }
  }

  private RaftVoteInvariants() {}
}
