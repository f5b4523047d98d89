package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference the incremental {@link RaftInvariants} are tested against: the full-scan version of
 * the five properties as they were before they became incremental, kept verbatim (LogMatching
 * compares every pair of logs over their whole common range after every event).
 */
final class IncrementalInvariantsReference {
  private IncrementalInvariantsReference() {}

  public static List<Invariant> fresh() {
    Memory memory = new Memory();
    return List.of(
        new ElectionSafety(),
        new LeaderAppendOnly(),
        new LogMatching(),
        new LeaderCompleteness(memory),
        new StateMachineSafety());
  }

  private static List<RaftState> servers(SystemView view) {
    List<RaftState> out = new ArrayList<>();
    for (NodeId id : view.nodes()) {
      RaftState s = view.stateAs(id, RaftState.class);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** At most one leader per term, over the whole run. */
  static final class ElectionSafety implements Invariant {
    private final TreeMap<Long, NodeId> leaderOfTerm = new TreeMap<>();

    @Override
    public String name() {
      return "ElectionSafety";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState s : servers(view)) {
        if (s.role() != RaftRole.LEADER) {
          continue;
        }
        NodeId earlier = leaderOfTerm.putIfAbsent(s.term(), s.self());
        if (earlier != null && !earlier.equals(s.self())) {
          return "two leaders in term " + s.term() + ": " + earlier + " and " + s.self();
        }
      }
      return null;
    }
  }

  /**
   * While a node leads a term, its log only grows: the entry at the last index seen stays the same
   * entry (O(1) per event; an overwrite in the middle also breaks LogMatching with the followers
   * that hold the original).
   */
  static final class LeaderAppendOnly implements Invariant {
    private record Seen(long term, long lastIndex, RaftEntry last) {}

    private final Map<NodeId, Seen> seen = new HashMap<>(); // lookups only, never iterated

    @Override
    public String name() {
      return "LeaderAppendOnly";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState s : servers(view)) {
        if (s.role() != RaftRole.LEADER) {
          seen.remove(s.self());
          continue;
        }
        RaftLog log = s.log();
        Seen before = seen.get(s.self());
        if (before != null && before.term() == s.term()) {
          if (log.lastIndex() < before.lastIndex()) {
            return s.self()
                + ", leader of term "
                + s.term()
                + ", shrank its log from index "
                + before.lastIndex()
                + " to "
                + log.lastIndex();
          }
          if (log.has(before.lastIndex())
              && !log.entryAt(before.lastIndex()).equals(before.last())) {
            return s.self()
                + ", leader of term "
                + s.term()
                + ", overwrote index "
                + before.lastIndex()
                + ": "
                + before.last()
                + " became "
                + log.entryAt(before.lastIndex());
          }
        }
        RaftEntry last = log.has(log.lastIndex()) ? log.entryAt(log.lastIndex()) : null;
        seen.put(s.self(), new Seen(s.term(), log.lastIndex(), last));
      }
      return null;
    }
  }

  /** Two logs with an entry of the same index and term are identical up to that index. */
  static final class LogMatching implements Invariant {
    @Override
    public String name() {
      return "LogMatching";
    }

    @Override
    public String check(SystemView view) {
      List<RaftState> all = servers(view);
      for (int i = 0; i < all.size(); i++) {
        for (int j = i + 1; j < all.size(); j++) {
          String problem = compare(all.get(i), all.get(j));
          if (problem != null) {
            return problem;
          }
        }
      }
      return null;
    }

    private static String compare(RaftState a, RaftState b) {
      RaftLog la = a.log();
      RaftLog lb = b.log();
      long lo = Math.max(la.baseIndex(), lb.baseIndex()) + 1;
      long hi = Math.min(la.lastIndex(), lb.lastIndex());
      long k = hi;
      while (k >= lo && la.termAt(k) != lb.termAt(k)) {
        k--; // the highest index where both have an entry of the same term
      }
      for (long i = k; i >= lo; i--) {
        RaftEntry x = la.entryAt(i);
        RaftEntry y = lb.entryAt(i);
        if (!x.equals(y)) {
          return a.self()
              + " and "
              + b.self()
              + " agree on the term at index "
              + k
              + " but differ at index "
              + i
              + ": "
              + x
              + " vs "
              + y;
        }
      }
      return null;
    }
  }

  /** What leaders declared committed: index -> (entry, term of the committing leader). */
  static final class Memory {
    record Committed(RaftEntry entry, long leaderTerm, NodeId leader) {}

    final ArrayList<Committed> committed = new ArrayList<>(); // position i = index i + 1
  }

  /**
   * An entry committed in term T is in the log of every leader of a term after T. "Committed"
   * means: at or below a leader's commitIndex. Two leaders declaring different entries committed at
   * one index is reported here too.
   */
  static final class LeaderCompleteness implements Invariant {
    private final Memory memory;

    private record Checked(long term, long upTo) {}

    private final Map<NodeId, Checked> checked = new HashMap<>(); // lookups only
    // Per leader and term: committed prefix already compared with the memory (a leader's log only
    // grows while it leads, which LeaderAppendOnly checks).
    private final Map<NodeId, Checked> verified = new HashMap<>(); // lookups only

    LeaderCompleteness(Memory memory) {
      this.memory = memory;
    }

    @Override
    public String name() {
      return "LeaderCompleteness";
    }

    @Override
    public String check(SystemView view) {
      List<RaftState> all = servers(view);
      for (RaftState s : all) {
        if (s.role() != RaftRole.LEADER) {
          continue;
        }
        RaftLog log = s.log();
        Checked v = verified.get(s.self());
        long start = v != null && v.term() == s.term() ? v.upTo() + 1 : 1;
        verified.put(s.self(), new Checked(s.term(), s.commitIndex()));
        for (long i = start; i <= s.commitIndex(); i++) {
          if (i <= memory.committed.size()) {
            Memory.Committed c = memory.committed.get((int) i - 1);
            if (log.has(i) && !log.entryAt(i).equals(c.entry())) {
              return s.self()
                  + " (leader, term "
                  + s.term()
                  + ") committed "
                  + log.entryAt(i)
                  + " at index "
                  + i
                  + " where "
                  + c.leader()
                  + " (term "
                  + c.leaderTerm()
                  + ") had committed "
                  + c.entry();
            }
            continue;
          }
          if (!log.has(i) || i != memory.committed.size() + 1) {
            break; // compacted (a snapshot covers it), or a gap: memory is kept contiguous
          }
          memory.committed.add(new Memory.Committed(log.entryAt(i), s.term(), s.self()));
        }
      }
      for (RaftState s : all) {
        if (s.role() != RaftRole.LEADER) {
          checked.remove(s.self());
          continue;
        }
        Checked c = checked.get(s.self());
        long from = c != null && c.term() == s.term() ? c.upTo() + 1 : 1;
        RaftLog log = s.log();
        for (long i = from; i <= memory.committed.size(); i++) {
          Memory.Committed e = memory.committed.get((int) i - 1);
          if (e.leaderTerm() >= s.term() || i <= log.baseIndex()) {
            continue;
          }
          if (!log.has(i) || !log.entryAt(i).equals(e.entry())) {
            return s.self()
                + ", leader of term "
                + s.term()
                + ", lacks "
                + e.entry()
                + " committed at index "
                + i
                + " by "
                + e.leader()
                + " in term "
                + e.leaderTerm()
                + (log.has(i)
                    ? " (has " + log.entryAt(i) + ")"
                    : " (log ends at " + log.lastIndex() + ")");
          }
        }
        checked.put(s.self(), new Checked(s.term(), memory.committed.size()));
      }
      for (RaftState s : all) {
        if (s.role() != RaftRole.LEADER) {
          continue;
        }
        Checked c = commitSeen.get(s.self());
        if (c != null && c.term() == s.term() && c.upTo() >= s.commitIndex()) {
          continue;
        }
        commitSeen.put(s.self(), new Checked(s.term(), s.commitIndex()));
        String unsafe = electableWithout(view, s);
        if (unsafe != null) {
          return unsafe;
        }
      }
      return null;
    }

    private final Map<NodeId, Checked> commitSeen = new HashMap<>(); // lookups only

    /**
     * At the moment a leader commits index c, no voter lacking the entry at c may be able to win an
     * election with the logs as they are now (the up-to-date rule of section 5.4.1). In correct
     * Raft the majority that holds c refuses any such candidate (the paper's safety argument); a
     * candidate that would win is a witness that one more election loses a committed entry, so this
     * reports Figure 8 (R2) at the commit itself rather than after the crashes that follow.
     */
    private static String electableWithout(SystemView view, RaftState leader) {
      long c = leader.commitIndex();
      if (!leader.log().has(c)) {
        return null;
      }
      RaftEntry e = leader.log().entryAt(c);
      Membership m = leader.membership();
      java.util.TreeMap<NodeId, long[]> summary =
          new java.util.TreeMap<>(); // lastTerm, lastIndex, has
      for (NodeId id : m.members()) {
        long[] x = summarize(view, id, c, e);
        if (x != null) {
          summary.put(id, x);
        }
      }
      for (var cand : summary.entrySet()) {
        long[] sc = cand.getValue();
        if (sc[2] == 1) {
          continue;
        }
        java.util.TreeSet<NodeId> votes = new java.util.TreeSet<>();
        for (var voter : summary.entrySet()) {
          long[] v = voter.getValue();
          boolean upToDate = sc[0] != v[0] ? sc[0] > v[0] : sc[1] >= v[1];
          if (upToDate) {
            votes.add(voter.getKey());
          }
        }
        if (m.isQuorum(votes)) {
          return leader.self()
              + " (leader, term "
              + leader.term()
              + ") committed "
              + e
              + " at index "
              + c
              + " but "
              + cand.getKey()
              + ", which lacks it, can win an"
              + " election now with votes "
              + votes
              + " (Figure 8)";
        }
      }
      return null;
    }

    /** {lastTerm, lastIndex, 1 if it holds entry e at c} from live state, else from disk. */
    private static long[] summarize(SystemView view, NodeId id, long c, RaftEntry e) {
      RaftState s = view.stateAs(id, RaftState.class);
      if (s != null) {
        RaftLog log = s.log();
        boolean has = log.baseIndex() >= c || (log.has(c) && log.entryAt(c).equals(e));
        return new long[] {log.lastTerm(), log.lastIndex(), has ? 1 : 0};
      }
      if (view.durable(id) instanceof RaftDurable d) {
        long base = d.snapshot() == null ? 0 : d.snapshot().lastIncludedIndex();
        long baseTerm = d.snapshot() == null ? 0 : d.snapshot().lastIncludedTerm();
        long last = base + d.log().size();
        long lastTerm = d.log().isEmpty() ? baseTerm : d.log().get(d.log().size() - 1).term();
        boolean has =
            base >= c || (c > base && c <= last && d.log().get((int) (c - base - 1)).equals(e));
        return new long[] {lastTerm, last, has ? 1 : 0};
      }
      return new long[] {0, 0, 0}; // never persisted anything: an empty log
    }
  }

  /** No two servers apply different entries at one index (snapshots count as applying). */
  static final class StateMachineSafety implements Invariant {
    private final TreeMap<Long, RaftEntry> applied = new TreeMap<>();
    private final TreeMap<Long, NodeId> appliedBy = new TreeMap<>();

    @Override
    public String name() {
      return "StateMachineSafety";
    }

    @Override
    public String check(SystemView view) {
      for (RaftState s : servers(view)) {
        for (RaftState.Applied a : s.justApplied()) {
          RaftEntry earlier = applied.putIfAbsent(a.index(), a.entry());
          if (earlier == null) {
            appliedBy.put(a.index(), s.self());
          } else if (!earlier.equals(a.entry())) {
            return s.self()
                + " applied "
                + a.entry()
                + " at index "
                + a.index()
                + " but "
                + appliedBy.get(a.index())
                + " applied "
                + earlier;
          }
        }
        RaftSnapshot snap = s.justInstalled();
        if (snap != null) {
          RaftEntry earlier = applied.get(snap.lastIncludedIndex());
          if (earlier != null && earlier.term() != snap.lastIncludedTerm()) {
            return s.self()
                + " installed a snapshot ending at index "
                + snap.lastIncludedIndex()
                + " term "
                + snap.lastIncludedTerm()
                + " but "
                + appliedBy.get(snap.lastIncludedIndex())
                + " applied "
                + earlier
                + " there";
          }
        }
      }
      return null;
    }
  }
}
