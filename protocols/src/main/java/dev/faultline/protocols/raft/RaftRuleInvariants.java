package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules of Figure 2 and of membership changes whose breach Figure 3's five properties see only
 * through a rare consequence (opt-in, by the {@code checkRules} option): a server's term never goes
 * back and it votes once per term; a log holds at most one configuration entry that is not known
 * committed; a leader's matchIndex for a follower of its term is a prefix that follower holds; with
 * CheckQuorum on, a leader that no quorum has answered for two check periods and a half steps down.
 * Each is a rule correct Raft keeps in every state, so checking it after every event shows a breach
 * at once, without the interleaving that would turn it into two leaders or a lost entry (or, for
 * CheckQuorum, without the partition that would leave clients waiting on a stale leader).
 */
final class RaftRuleInvariants {
  private RaftRuleInvariants() {}

  static List<Invariant> all() {
    return List.of(
        new OneVotePerTerm(),
        new OneConfigChangeAtATime(),
        new MatchIndexHeld(),
        new CheckQuorumStepsDown(),
        new RaftVoteInvariants.VotesForUpToDateLogs());
  }

  /**
   * A server's term never decreases, and once it has voted in a term its vote stays: the same
   * candidate for as long as its term is that term, across restarts (term and vote are persisted
   * before any reply). A second vote in a term, or a forgotten one, can elect two leaders.
   */
  static final class OneVotePerTerm implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();

    private record Vote(long term, NodeId votedFor) {}

    private final Map<NodeId, Vote> seen = new HashMap<>(); // lookups only, never iterated

    @Override
    public String name() {
      return "OneVotePerTerm";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState s : RaftInvariants.Servers.of(servers, view)) {
        Vote last = seen.get(s.self);
        if (last != null && last.term() == s.term && last.votedFor() == s.votedFor) {
          continue;
        }
        String wrong = last == null ? null : breach(last, s);
        if (wrong != null) {
          return s.self + " " + wrong;
        }
        seen.put(s.self, new Vote(s.term, s.votedFor));
      }
      return null;
    }

    private static String breach(Vote last, RaftState s) {
      if (s.term < last.term()) {
        return "went back from term " + last.term() + " to term " + s.term;
      }
      if (s.term > last.term() || last.votedFor() == null) {
        return null;
      }
      if (s.votedFor == null) {
        return "forgot its vote for " + last.votedFor() + " in term " + s.term;
      }
      if (!s.votedFor.equals(last.votedFor())) {
        return "voted for "
            + last.votedFor()
            + " and then for "
            + s.votedFor
            + " in term "
            + s.term;
      }
      return null;
    }
  }

  /**
   * At most one configuration entry in any log lies beyond the highest commit index any server has
   * reached: a leader appends a configuration entry only once the previous one in its log has
   * committed (joint consensus's C_new after C_old,new; one change at a time in single-server
   * mode). Every log is a prefix of some leader's log followed by that leader's later entries, so
   * two uncommitted configuration entries in one log mean a leader appended one while another was
   * pending, and two configurations can then decide at once.
   */
  static final class OneConfigChangeAtATime implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    private long highestCommit;

    @Override
    public String name() {
      return "OneConfigChangeAtATime";
    }

    @Override
    public String check(SystemView view) {
      List<RaftState> live = RaftInvariants.Servers.of(servers, view);
      for (RaftState s : live) {
        highestCommit = Math.max(highestCommit, s.commitIndex);
      }
      for (RaftState s : live) {
        // Newest first, down to the committed prefix: an uncommitted tail is short.
        long newer = -1;
        for (long i = s.log.lastIndex(); i > Math.max(highestCommit, s.log.baseIndex()); i--) {
          if (!(s.log.entryAt(i).command() instanceof RaftCommand.ConfigCommand)) {
            continue;
          }
          if (newer >= 0) {
            return s.self
                + "'s log holds configuration entries at "
                + i
                + " and "
                + newer
                + ", neither committed (highest commit index reached: "
                + highestCommit
                + ")";
          }
          newer = i;
        }
      }
      return null;
    }
  }

  /**
   * A leader's matchIndex for a follower whose term is the leader's is a prefix of the leader's log
   * that the follower holds: the follower acknowledged it in this term, persisted it first, and
   * only this term's leader has written to its log since, which never removes entries that match
   * its own. A match kept from an earlier leadership, or taken from the wrong reply, would count a
   * follower towards committing entries it lacks.
   */
  static final class MatchIndexHeld implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();

    @Override
    public String name() {
      return "MatchIndexHeld";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState leader : RaftInvariants.Servers.of(servers, view)) {
        if (leader.role != RaftRole.LEADER) {
          continue;
        }
        for (int i = 0; i < leader.matchIndex.size(); i++) {
          NodeId peer = leader.matchIndex.keyAt(i);
          RaftState p = view.stateAs(peer, RaftState.class);
          if (p != null && p.term == leader.term) {
            String wrong = notHeld(leader, p, leader.matchIndex.valueAt(i));
            if (wrong != null) {
              return leader.self + " (term " + leader.term + ") has matchIndex " + wrong;
            }
          }
        }
      }
      return null;
    }

    private static String notHeld(RaftState leader, RaftState p, long match) {
      if (match > p.log.lastIndex()) {
        return match + " for " + p.self + ", whose log ends at " + p.log.lastIndex();
      }
      long mine = leader.log.termAt(match);
      long theirs = p.log.termAt(match);
      if (match > p.log.baseIndex() && mine >= 0 && mine != theirs) {
        return match
            + " for "
            + p.self
            + ", whose entry there is of term "
            + theirs
            + ", not "
            + mine;
      }
      return null;
    }
  }

  /**
   * With CheckQuorum on, a leader that has heard from no quorum for two check periods and a half is
   * no longer leader: it checks every {@code electionTimeoutTicksMin}, and a check that passed at
   * most one period ago counted replies (of its term, noted in {@code activeSinceCheck}) from a
   * quorum that all joined that record after the check before it cleared it, so within the last two
   * periods. The half period more covers clock drift (timers run on local clocks). Skipped until
   * the leader has led, and kept its configuration, for that long. Which peers answered is read
   * from the leader's own record of them: the rule checks that the leader acts on it (a stale
   * leader that never steps down keeps clients of a partition waiting, and its term is only deposed
   * by a message it may never get).
   */
  static final class CheckQuorumStepsDown implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    private final Map<NodeId, Leadership> led = new HashMap<>(); // lookups only, never iterated

    /** One leadership as seen so far: since when, in which configuration, whom it heard when. */
    private static final class Leadership {
      final long term;
      final long sinceTick;
      Membership membership;
      long membershipSinceTick;
      final Map<NodeId, Long> lastHeardTick = new HashMap<>(); // lookups only, never iterated
      List<NodeId> active = List.of(); // the leader's activeSinceCheck at the last look

      Leadership(long term, long sinceTick, Membership membership) {
        this.term = term;
        this.sinceTick = sinceTick;
        this.membership = membership;
        this.membershipSinceTick = sinceTick;
      }
    }

    @Override
    public String name() {
      return "CheckQuorumStepsDown";
    }

    @Override
    public String check(SystemView view) {
      long now = view.tick();
      for (RaftState s : RaftInvariants.Servers.of(servers, view)) {
        if (s.role != RaftRole.LEADER || !s.config.checkQuorum()) {
          led.remove(s.self);
          continue;
        }
        String wrong = observe(s, now);
        if (wrong != null) {
          return wrong;
        }
      }
      return null;
    }

    private String observe(RaftState s, long now) {
      Membership m = s.membership();
      Leadership l = led.get(s.self);
      if (l == null || l.term != s.term) {
        l = new Leadership(s.term, now, m);
        led.put(s.self, l);
      }
      if (!m.equals(l.membership)) {
        l.membership = m;
        l.membershipSinceTick = now;
      }
      // A peer joins activeSinceCheck when it answers, and leaves only when the check clears the
      // set: it was heard now if it joined since the last look (not merely if it is there, which
      // a leader that never clears the set would make true forever).
      List<NodeId> active = new ArrayList<>(s.activeSinceCheck);
      for (NodeId p : active) {
        if (!l.active.contains(p)) {
          l.lastHeardTick.put(p, now);
        }
      }
      l.active = active;
      long period = s.config.electionTimeoutTicksMin();
      long from = now - (2 * period + period / 2);
      if (l.sinceTick > from || l.membershipSinceTick > from) {
        return null;
      }
      List<NodeId> heard = new ArrayList<>();
      heard.add(s.self);
      for (NodeId p : m.members()) {
        Long at = l.lastHeardTick.get(p);
        if (at != null && at >= from) {
          heard.add(p);
        }
      }
      if (m.isQuorum(heard)) {
        return null;
      }
      return s.self
          + " still leads term "
          + s.term
          + " at tick "
          + now
          + " with CheckQuorum on, but of "
          + m
          + " only "
          + heard
          + " joined its record of answering peers (activeSinceCheck) since tick "
          + from;
    }
  }
}
