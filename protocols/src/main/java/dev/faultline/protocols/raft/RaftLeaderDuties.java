package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a leader must have done by the end of each event (opt-in, by the {@code checkLeaderDuties}
 * option): commit what a quorum holds of its term, and only that; act on a committed configuration
 * (leave joint consensus, step down when removed); append configuration entries as the membership
 * mode prescribes. Each is a rule of the paper, the dissertation or the project's documented
 * protocol that correct Raft keeps after every event. A breach is a leader that is late or wrong
 * about its own duties: it shows at once, without the crash or interleaving that would turn it into
 * a stuck client, a stuck change or a lost entry. Judged from the servers' states: the leader's
 * matchIndex, log and commit index, with quorums counted here, not by the server's own code.
 */
final class RaftLeaderDuties {
  private RaftLeaderDuties() {}

  static List<Invariant> all() {
    return List.of(new LeaderCommitsPromptly(), new CommittedConfigActedOn(), new ConfigSteps());
  }

  /**
   * Figure 2, rules for leaders, and section 5.4.2: "if there exists an N > commitIndex such that a
   * majority of matchIndex[i] >= N and log[N].term == currentTerm, set commitIndex = N". A leader
   * raises its commit index at the event that makes such an N exist (a reply that raises a
   * matchIndex, its own append where its vote alone is a quorum, a configuration whose quorum it
   * already holds), so after every event no such N exceeds its commit index; and a leader raises
   * its commit index only so, never to an entry of an earlier term (Figure 8) or one no quorum
   * holds. A quorum is a majority of the voters of the configuration in force (of both halves while
   * joint); the leader counts its own last index if it is one of them, each other voter its
   * matchIndex (0 when it has none).
   */
  static final class LeaderCommitsPromptly implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    // Per server: the state object and its commit index at the last check.
    private final Map<NodeId, Seen> seen = new HashMap<>(); // lookups only, never iterated

    private record Seen(RaftState state, long commitIndex) {}

    @Override
    public String name() {
      return "LeaderCommitsPromptly";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState s : RaftInvariants.Servers.of(servers, view)) {
        Seen before = seen.get(s.self);
        if (before == null || before.state() != s || before.commitIndex() != s.commitIndex) {
          seen.put(s.self, new Seen(s, s.commitIndex));
        }
        if (s.role != RaftRole.LEADER) {
          continue;
        }
        boolean raised =
            before != null && before.state() == s && s.commitIndex > before.commitIndex;
        String wrong = judge(s, raised ? before.commitIndex() : -1);
        if (wrong != null) {
          return s.self + " (leader of term " + s.term + ") " + wrong;
        }
      }
      return null;
    }

    /** {@code from}: the commit index before this event raised it, or -1 if it did not. */
    private static String judge(RaftState s, long from) {
      long held = quorumHeld(s);
      long commit = s.commitIndex;
      if (held > commit && s.log.termAt(held) == s.term) {
        return "has commitIndex "
            + commit
            + " though a quorum of "
            + configInForce(s)
            + " holds index "
            + held
            + " of its term";
      }
      if (from >= 0 && s.log.termAt(commit) != s.term) {
        return "raised commitIndex from "
            + from
            + " to "
            + commit
            + ", an entry of term "
            + s.log.termAt(commit)
            + ", not of its own term";
      }
      if (from >= 0 && commit > held) {
        return "raised commitIndex from "
            + from
            + " to "
            + commit
            + " though a quorum of "
            + configInForce(s)
            + " holds only up to "
            + held;
      }
      return null;
    }

    /** The highest index a quorum of the configuration in force holds, by the leader's record. */
    static long quorumHeld(RaftState s) {
      Membership m = configInForce(s);
      long held = majorityHeld(s, m.voters());
      return m.joint() == null ? held : Math.min(held, majorityHeld(s, m.joint()));
    }

    /** The highest N that more than half of {@code voters} hold: their (n/2+1)-th largest index. */
    private static long majorityHeld(RaftState s, ImmutableSortedSet<NodeId> voters) {
      long[] held = new long[voters.size()];
      int k = 0;
      for (NodeId id : voters) {
        held[k++] = id.equals(s.self) ? s.log.lastIndex() : s.matchIndex.getOrDefault(id, 0L);
      }
      Arrays.sort(held);
      return held[held.length - (held.length / 2 + 1)];
    }
  }

  /**
   * A leader acts on a configuration it knows committed (its newest configuration entry at or below
   * its commit index, or none: the snapshot's or the initial one). Joint consensus (section 6):
   * once C_old,new has committed, the leader appends C_new, so no leader sits on a committed joint
   * configuration. Dissertation 4.2.2: a leader that the committed configuration excludes steps
   * down. And the admin's request the leader carries out ends once its target is the committed
   * configuration: the leader answers it (the admin retries until told it is committed). This
   * implementation does all three within the event that commits the configuration (or that elects a
   * leader whose log already holds it committed).
   */
  static final class CommittedConfigActedOn implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();

    @Override
    public String name() {
      return "CommittedConfigActedOn";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState s : RaftInvariants.Servers.of(servers, view)) {
        if (s.role != RaftRole.LEADER) {
          continue;
        }
        long at = lastConfigAt(s.log);
        if (at > s.commitIndex) {
          continue; // not yet known committed
        }
        Membership m = configInForce(s, at);
        if (m.joint() != null) {
          return s.self
              + " (leader of term "
              + s.term
              + ") has committed the joint configuration "
              + m
              + (at > 0 ? " at index " + at : "")
              + " (commitIndex "
              + s.commitIndex
              + ") and has not appended the new one";
        }
        if (!m.voters().contains(s.self)) {
          return s.self
              + " still leads term "
              + s.term
              + " though the configuration "
              + m
              + (at > 0 ? " at index " + at : "")
              + " that removed it is committed (commitIndex "
              + s.commitIndex
              + ")";
        }
        RaftState.PendingConfig asked = s.pendingConfig;
        if (asked != null && asked.target().voters().equals(m.voters())) {
          return s.self
              + " (leader of term "
              + s.term
              + ") has committed "
              + m
              + ", which "
              + asked.admin()
              + " asked for, and still holds the request unanswered";
        }
      }
      return null;
    }
  }

  /**
   * The configuration in force (section 6: a server uses the newest configuration in its log,
   * committed or not): the entry at {@code at}, else the snapshot's, else the initial one. Read
   * from the log here rather than through the server's own lookup, which the judged code may get
   * wrong.
   */
  static Membership configInForce(RaftState s, long at) {
    if (at > 0) {
      return ((RaftCommand.ConfigCommand) s.log.entryAt(at).command()).membership();
    }
    return s.snapshot != null ? s.snapshot.membership() : s.config.initialMembership();
  }

  /**
   * The configuration in force now: the newest in the server's log, else its snapshot's or the
   * initial one.
   */
  static Membership configInForce(RaftState s) {
    return configInForce(s, lastConfigAt(s.log));
  }

  /**
   * Whether the servers {@code holds} accepts are a quorum of {@code m}: more than half of its
   * voters, and while joint more than half of the new set too. Counted here rather than by {@code
   * Membership.isQuorum}, which the judged code uses.
   */
  static boolean quorumOf(Membership m, Predicate<NodeId> holds) {
    return majorityOf(m.voters(), holds) && (m.joint() == null || majorityOf(m.joint(), holds));
  }

  private static boolean majorityOf(ImmutableSortedSet<NodeId> voters, Predicate<NodeId> holds) {
    int n = 0;
    for (NodeId id : voters) {
      if (holds.test(id)) {
        n++;
      }
    }
    return 2 * n > voters.size();
  }

  /** Where the newest configuration entry of {@code log} sits, 0 if none follows its snapshot. */
  static long lastConfigAt(RaftLog log) {
    for (long i = log.lastIndex(); i > log.baseIndex(); i--) {
      if (log.entryAt(i).command() instanceof RaftCommand.ConfigCommand) {
        return i;
      }
    }
    return 0;
  }

  /**
   * Each configuration entry a leader appends follows from the configuration in force before it, as
   * the membership mode prescribes. Joint mode (section 6): C_old,new whose old half is the settled
   * C_old, then C_new, the new half. Single-server mode (dissertation 4.1): a configuration that
   * adds or removes exactly one voter, never a joint one, and only once an entry of the leader's
   * term has committed (the fix of the single-server bug: until then a configuration of an earlier
   * leader may still commit, and two changes of one server each could decide with disjoint
   * majorities). A leader's log only grows, so what it appended in an event is what follows its
   * last index at the check before.
   */
  static final class ConfigSteps implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    // Per server: what the last check saw of it, refreshed at every check.
    private final Map<NodeId, Seen> seen = new HashMap<>(); // lookups only, never iterated

    private static final class Seen {
      RaftState state;
      long term;
      long lastIndex;
      Membership membership;
      boolean ownCommit; // an entry of its term at its commit index
    }

    @Override
    public String name() {
      return "ConfigSteps";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState s : RaftInvariants.Servers.of(servers, view)) {
        Seen before = seen.get(s.self);
        if (before == null) {
          before = new Seen();
          seen.put(s.self, before);
        } else if (s.role == RaftRole.LEADER
            && before.state == s
            && s.log.lastIndex() > before.lastIndex) {
          String wrong = appended(s, before);
          if (wrong != null) {
            return s.self + " (leader of term " + s.term + ") " + wrong;
          }
        }
        before.state = s;
        before.term = s.term;
        before.lastIndex = s.log.lastIndex();
        before.membership = configInForce(s);
        before.ownCommit = ownCommit(s);
      }
      return null;
    }

    private static boolean ownCommit(RaftState s) {
      return s.log.termAt(s.commitIndex) == s.term;
    }

    /** Judges the configuration entries among those appended since {@code before}. */
    private static String appended(RaftState s, Seen before) {
      Membership in = before.membership;
      boolean single = s.config.membership() == RaftConfig.MembershipMode.SINGLE;
      for (long i = Math.max(before.lastIndex, s.log.baseIndex()) + 1;
          i <= s.log.lastIndex();
          i++) {
        if (!(s.log.entryAt(i).command() instanceof RaftCommand.ConfigCommand c)) {
          continue;
        }
        Membership next = c.membership();
        String wrong =
            single
                ? singleStep(in, next, before.ownCommit && before.term == s.term)
                : jointStep(in, next);
        if (wrong != null) {
          return "appended " + next + " at index " + i + " while " + in + " was in force: " + wrong;
        }
        in = next;
      }
      return null;
    }

    /** {@code ownCommit}: an entry of the leader's term had committed before the event. */
    private static String singleStep(Membership in, Membership next, boolean ownCommit) {
      if (next.joint() != null) {
        return "single-server mode appends no joint configuration";
      }
      int changed = 0;
      for (NodeId id : in.voters()) {
        changed += next.voters().contains(id) ? 0 : 1;
      }
      for (NodeId id : next.voters()) {
        changed += in.voters().contains(id) ? 0 : 1;
      }
      if (changed != 1) {
        return changed + " voters changed, not one";
      }
      if (!ownCommit) {
        return "no entry of its term had committed before it";
      }
      return null;
    }

    private static String jointStep(Membership in, Membership next) {
      if (in.joint() == null) {
        return next.joint() != null && next.voters().equals(in.voters())
            ? null
            : "the step from a settled configuration is C_old,new with C_old " + in.voters();
      }
      return next.joint() == null && next.voters().equals(in.joint())
          ? null
          : "the step from C_old,new is C_new " + in.joint();
    }
  }
}
