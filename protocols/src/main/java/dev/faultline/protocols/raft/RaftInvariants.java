package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The five safety properties of the paper's Figure 3, checked after every event. Each run gets
 * fresh instances ({@link #fresh()}) because several remember what they saw earlier in the run
 * (which node led which term, what was committed or applied at each index). Under the explorer this
 * memory would have to move into ghost node state; the random simulator needs no such thing.
 *
 * <p>The checks are incremental: each looks only at what the last event could have changed (new
 * leaders, new commits, newly applied entries, the part of a log that was appended or truncated
 * since it was last compared) and remembers the rest, yet reports every violation at the same
 * event, under the same property name and with the same message, as a full scan of every log after
 * every event would (a differential test, {@code RaftInvariantsIncrementalTest}, runs both side by
 * side). Memory is per instance, so the explorer's fresh instances per check (parent state first,
 * then the new state) stay correct: a log object they have not seen is compared in full.
 *
 * <p>Where the view counts its changes (the world does: {@link SystemView#changeCount}), the five
 * share one {@link Servers} refreshed once per state at the servers the step touched, skip a server
 * they checked clean that has not changed since, and skip the whole check when no server changed
 * (after a client's event, or a heartbeat that left the server as the five see it: {@link Seen}).
 * The explorer's views do not count, so there every check looks at every server; the differential
 * test runs both kinds of view.
 */
public final class RaftInvariants {
  private RaftInvariants() {}

  public static List<Invariant> fresh() {
    Memory memory = new Memory();
    Servers servers = new Servers(); // one refresh per state for all five
    return List.of(
        new ElectionSafety(servers),
        new LeaderAppendOnly(servers),
        new LogMatching(servers),
        new LeaderCompleteness(memory, servers),
        new StateMachineSafety(servers));
  }

  /**
   * The three of {@link #fresh()} that judge transitions, built alone: all the explorer needs for a
   * step into a state it has already seen.
   */
  public static List<Invariant> freshTransitionJudges() {
    Servers servers = new Servers();
    return List.of(
        new LeaderAppendOnly(servers),
        new LeaderCompleteness(new Memory(), servers),
        new StateMachineSafety(servers));
  }

  /**
   * The live Raft servers of a view by position in {@code view.nodes()} (null for a crashed server
   * or another kind of node), shared by the five invariants of one {@link #fresh()} set: where the
   * view counts its changes ({@link SystemView#changeCount}) it is refreshed once per state, and
   * only at the positions the steps since the last refresh touched. A node once seen holding some
   * other state (a client, the admin) is skipped from then on: a node's protocol is fixed for a
   * run. An invariant asks {@link #changedSince} to skip a server it checked clean that has not
   * changed.
   */
  static final class Servers {
    private SystemView view;
    private List<NodeId> ids;
    private long count = Long.MIN_VALUE; // the view's change count at the last refresh
    private int epoch; // grows whenever the positions are reset (a new node list or view)
    // A slot per node id ever seen, kept across node lists: memory that was once a map by node.
    private final Map<NodeId, Integer> slotOf = new HashMap<>(); // lookups only, never iterated
    private int[] slotAt = new int[0];
    private boolean[] other = new boolean[0];
    // The positions not known to hold another kind of node, ascending: what the five loop over (a
    // fuzz run's clients are half of its nodes, and LogMatching's pairs grow with the square).
    private int[] serverPositions = new int[0];
    private int[] notOther = new int[0]; // positionsNotOther's last answer, reused while it holds
    private RaftState[] byPosition = new RaftState[0];
    // Per position: the view's changedAt when last read; MAX_VALUE where the view does not track.
    private long[] changedAt = new long[0];
    private long lastChange = Long.MAX_VALUE; // the highest of changedAt over the servers
    private Seen seen = new Seen(0); // what the five read of each server, at its last change

    /** Brings every position up to date with {@code view}. */
    void refresh(SystemView view) {
      List<NodeId> nodes = view.nodes();
      long now = view.changeCount();
      if (nodes != ids || view != this.view) {
        reposition(view, nodes);
      } else if (now >= 0 && now == count) {
        return; // already refreshed for this very state (by another of the five)
      }
      boolean tracked = now >= 0 && count != Long.MIN_VALUE;
      if (!tracked) {
        lastChange = now >= 0 ? now : Long.MAX_VALUE;
      }
      boolean foundOther = false;
      for (int p : serverPositions) {
        NodeState<?> state;
        if (tracked) {
          long at = view.changedAt(p);
          if (at <= count) {
            continue; // untouched since the last refresh
          }
          state = view.stateAt(p);
          if (seen.sameAsRecorded(p, state, byPosition[p])) {
            continue; // touched, but nothing the five read changed (a heartbeat, say)
          }
          changedAt[p] = at;
          lastChange = Math.max(lastChange, at);
        } else {
          changedAt[p] = now >= 0 ? now : Long.MAX_VALUE;
          state = view.stateAt(p);
        }
        if (state instanceof RaftState s) {
          byPosition[p] = s;
          if (now >= 0) {
            seen.record(p, s); // compared only where the view counts changes (not the explorer's)
          }
        } else {
          byPosition[p] = null;
          other[p] = state != null;
          foundOther |= other[p];
        }
      }
      if (foundOther) {
        serverPositions = positionsNotOther();
      }
      count = now;
    }

    private int[] positionsNotOther() {
      int k = 0;
      for (boolean o : other) {
        k += o ? 0 : 1;
      }
      if (sameAsOther(notOther, k)) {
        return notOther; // the explorer repositions for every state: no array per state
      }
      int[] ps = new int[k];
      for (int p = 0, i = 0; p < other.length; p++) {
        if (!other[p]) {
          ps[i++] = p;
        }
      }
      notOther = ps;
      return ps;
    }

    /**
     * Whether {@code ps} lists exactly the {@code k} positions not holding another kind of node.
     */
    private boolean sameAsOther(int[] ps, int k) {
      if (ps.length != k) {
        return false;
      }
      for (int p : ps) {
        if (p >= other.length || other[p]) {
          return false;
        }
      }
      return true;
    }

    /**
     * Forgets the positions for a new view or node list (a new epoch). The explorer shows a new
     * view for every state with the same node list, so the slots are only looked up again, and the
     * arrays only reallocated, when the list itself changes.
     */
    private void reposition(SystemView view, List<NodeId> nodes) {
      this.view = view;
      epoch++;
      count = Long.MIN_VALUE;
      if (nodes != ids) {
        ids = nodes;
        slotAt = new int[nodes.size()];
        for (int p = 0; p < slotAt.length; p++) {
          Integer slot = slotOf.get(nodes.get(p));
          if (slot == null) {
            slot = slotOf.size();
            slotOf.put(nodes.get(p), slot);
          }
          slotAt[p] = slot;
        }
        other = new boolean[nodes.size()];
        byPosition = new RaftState[nodes.size()];
        changedAt = new long[nodes.size()];
        seen = new Seen(nodes.size());
      } else {
        // With no position known to hold another kind of node, the refresh that follows (a new
        // epoch tracks nothing) writes every position's state and change count itself.
        Arrays.fill(other, false);
      }
      serverPositions = positionsNotOther();
    }

    /**
     * As built, but for what only names slots (the slot of each node id, and the last node list's
     * slots): the next refresh starts a new epoch, as a fresh instance's first refresh does, and a
     * slot number only indexes arrays, so keeping them changes no verdict.
     */
    void reset() {
      view = null;
      count = Long.MIN_VALUE;
      lastChange = Long.MAX_VALUE;
    }

    /**
     * Changes whenever the positions were reset (a new node list or view): an invariant forgets
     * what it remembers by position.
     */
    int epoch() {
      return epoch;
    }

    /** The slot of the node at {@code position}: the same node keeps its slot across lists. */
    int slot(int position) {
      return slotAt[position];
    }

    /** How many slots there are (all below this). */
    int slots() {
      return slotOf.size();
    }

    /**
     * The view's change count at the last refresh: an invariant records it for a server it checked
     * clean, and passes it back to {@link #changedSince}.
     */
    long count() {
      return count;
    }

    /**
     * False only if the server at {@code position} is, in everything the five read ({@link Seen}),
     * as it was when an invariant checked it at count {@code checkedAt} (always true where the view
     * does not track changes).
     */
    boolean changedSince(int position, long checkedAt) {
      return changedAt[position] > checkedAt;
    }

    /**
     * True if no server changed since an invariant's check at count {@code checkedAt} in epoch
     * {@code checkedEpoch}: one that found nothing then finds nothing now (never true where the
     * view does not track changes).
     */
    boolean unchangedSince(int checkedEpoch, long checkedAt) {
      return checkedEpoch == epoch && lastChange <= checkedAt;
    }

    int positions() {
      return byPosition.length;
    }

    /**
     * The positions that may hold a Raft server, ascending (every other position's {@link #at} is
     * null): a loop over them sees what a loop over all positions sees. Do not modify.
     */
    int[] serverPositions() {
      return serverPositions;
    }

    /** True for a position known to hold another kind of node (never a Raft server). */
    boolean other(int position) {
      return other[position];
    }

    /** The live server at a position of {@code view.nodes()}, or null. */
    RaftState at(int position) {
      return byPosition[position];
    }

    /** Refreshes {@code servers} from {@code view}; its live servers in node order (a new list). */
    static List<RaftState> of(Servers servers, SystemView view) {
      servers.refresh(view);
      List<RaftState> live = new ArrayList<>(servers.byPosition.length);
      for (RaftState s : servers.byPosition) {
        if (s != null) {
          live.add(s);
        }
      }
      return live;
    }
  }

  /**
   * Per position, everything the five invariants read of a live server, as it was when {@link
   * Servers} last counted it changed: its state object, role, term, commit index and log (the log
   * object, its last and base index and its truncation count, which {@link LogMatching} already
   * trusts to say whether entries changed; the configuration in force follows from the log and the
   * snapshot, which only changes with the base index or an install). A step that touched a server
   * and left all of this as it was, applying and installing nothing (a follower's heartbeat, a
   * reply that moved no commit index), is no change for the five: each would find what it found
   * before.
   */
  static final class Seen {
    private final RaftState[] state;
    private final RaftRole[] role;
    private final long[] term;
    private final long[] commitIndex;
    private final RaftLog[] log;
    private final long[] lastIndex;
    private final long[] baseIndex;
    private final int[] truncations;

    Seen(int positions) {
      state = new RaftState[positions];
      role = new RaftRole[positions];
      term = new long[positions];
      commitIndex = new long[positions];
      log = new RaftLog[positions];
      lastIndex = new long[positions];
      baseIndex = new long[positions];
      truncations = new int[positions];
    }

    /** Whether {@code now} is the recorded server {@code before}, unchanged as the five see it. */
    boolean sameAsRecorded(int p, NodeState<?> now, RaftState before) {
      if (now != before || before == null || state[p] != before) {
        return false;
      }
      RaftLog l = before.log();
      return before.justApplied().isEmpty()
          && before.justInstalled() == null
          && before.role() == role[p]
          && before.term() == term[p]
          && before.commitIndex() == commitIndex[p]
          && l == log[p]
          && l.lastIndex() == lastIndex[p]
          && l.baseIndex() == baseIndex[p]
          && l.truncationCount() == truncations[p];
    }

    void record(int p, RaftState s) {
      RaftLog l = s.log();
      state[p] = s;
      role[p] = s.role();
      term[p] = s.term();
      commitIndex[p] = s.commitIndex();
      log[p] = l;
      lastIndex[p] = l.lastIndex();
      baseIndex[p] = l.baseIndex();
      truncations[p] = l.truncationCount();
    }
  }

  /**
   * An invariant over the live servers that skips its check when no server changed since its last
   * check that found nothing (the servers are all it looks at, and what it remembers changes only
   * when it looks): after a client's event, say.
   */
  abstract static class ServerInvariant implements Invariant {
    final Servers servers;
    // The epoch and count of the last check that found nothing.
    private int cleanEpoch = -1;
    private long cleanAt = Long.MIN_VALUE;

    ServerInvariant(Servers servers) {
      this.servers = servers;
    }

    @Override
    public final String check(SystemView view) {
      servers.refresh(view);
      if (servers.unchangedSince(cleanEpoch, cleanAt)) {
        return null;
      }
      String problem = find(view);
      if (problem == null) {
        cleanEpoch = servers.epoch();
        cleanAt = servers.count();
      }
      return problem;
    }

    /** The check itself, after the refresh (null: nothing found). */
    abstract String find(SystemView view);

    /** As built: forgets the last clean check, the shared servers and {@link #forget}'s memory. */
    @Override
    public final boolean resetForReuse() {
      cleanEpoch = -1;
      cleanAt = Long.MIN_VALUE;
      servers.reset();
      forget();
      return true;
    }

    /** Forgets what this invariant remembers, as a fresh instance (its arrays may be kept). */
    abstract void forget();
  }

  /**
   * At most one leader per term, over the whole run. It judges states alone although it remembers
   * (see {@link Invariant#judgesTransitions}): one event changes one node, so two leaders of a term
   * in two consecutive states are two leaders in the later one.
   */
  static final class ElectionSafety extends ServerInvariant {
    private final TreeMap<Long, NodeId> leaderOfTerm = new TreeMap<>();
    private int epoch = -1;
    // Per position: the term this node was last recorded leading (re-recording it changes nothing).
    private long[] recordedTerm = new long[0];

    ElectionSafety(Servers servers) {
      super(servers);
    }

    @Override
    public String name() {
      return "ElectionSafety";
    }

    @Override
    void forget() {
      leaderOfTerm.clear();
      epoch = -1;
    }

    @Override
    String find(SystemView view) {
      if (epoch != servers.epoch()) {
        epoch = servers.epoch();
        recordedTerm = sized(recordedTerm, servers.positions());
        Arrays.fill(recordedTerm, -1);
      }
      for (int p : servers.serverPositions()) {
        RaftState s = servers.at(p);
        if (s == null || s.role() != RaftRole.LEADER || recordedTerm[p] == s.term()) {
          continue;
        }
        NodeId earlier = leaderOfTerm.putIfAbsent(s.term(), s.self());
        if (earlier != null && !earlier.equals(s.self())) {
          return "two leaders in term " + s.term() + ": " + earlier + " and " + s.self();
        }
        recordedTerm[p] = s.term();
      }
      return null;
    }
  }

  /**
   * While a node leads a term, its log only grows: the entry at the last index seen stays the same
   * entry (O(1) per event; an overwrite in the middle also breaks LogMatching with the followers
   * that hold the original).
   */
  static final class LeaderAppendOnly extends ServerInvariant {
    private int epoch = -1;
    // Per slot, while it leads: the term, last index and last entry seen.
    private long[] seenTerm = new long[0];
    private long[] seenLastIndex = new long[0];
    private RaftEntry[] seenLast = new RaftEntry[0];
    private boolean[] seen = new boolean[0];
    private boolean anySeen; // some slot was seen leading since built or reset
    private long[] serverCleanAt =
        new long[0]; // servers' count when last checked without a finding

    LeaderAppendOnly(Servers servers) {
      super(servers);
    }

    @Override
    public String name() {
      return "LeaderAppendOnly";
    }

    @Override
    void forget() {
      epoch = -1;
      if (anySeen) {
        Arrays.fill(seen, false); // what the other per-slot arrays hold counts only where seen
        Arrays.fill(seenLast, null);
        anySeen = false;
      }
    }

    @Override
    public boolean judgesTransitions() {
      return true; // a leader's log between two events
    }

    @Override
    String find(SystemView view) {
      if (epoch != servers.epoch()) {
        epoch = servers.epoch();
        serverCleanAt = sized(serverCleanAt, servers.positions());
        Arrays.fill(serverCleanAt, Long.MIN_VALUE);
      }
      int slots = servers.slots();
      if (seen.length < slots) {
        seenTerm = Arrays.copyOf(seenTerm, slots);
        seenLastIndex = Arrays.copyOf(seenLastIndex, slots);
        seenLast = Arrays.copyOf(seenLast, slots);
        seen = Arrays.copyOf(seen, slots);
      }
      for (int p : servers.serverPositions()) {
        RaftState s = servers.at(p);
        if (s == null || !servers.changedSince(p, serverCleanAt[p])) {
          continue; // an unchanged server checked clean: the same answer, nothing to record
        }
        String problem = check(servers.slot(p), s);
        if (problem != null) {
          return problem;
        }
        serverCleanAt[p] = servers.count();
      }
      return null;
    }

    private String check(int slot, RaftState s) {
      if (s.role() != RaftRole.LEADER) {
        seen[slot] = false;
        return null;
      }
      RaftLog log = s.log();
      if (seen[slot] && seenTerm[slot] == s.term()) {
        long lastIndex = seenLastIndex[slot];
        if (log.lastIndex() < lastIndex) {
          return s.self()
              + ", leader of term "
              + s.term()
              + ", shrank its log from index "
              + lastIndex
              + " to "
              + log.lastIndex();
        }
        if (log.has(lastIndex) && !same(log.entryAt(lastIndex), seenLast[slot])) {
          return s.self()
              + ", leader of term "
              + s.term()
              + ", overwrote index "
              + lastIndex
              + ": "
              + seenLast[slot]
              + " became "
              + log.entryAt(lastIndex);
        }
      }
      seen[slot] = true;
      anySeen = true;
      seenTerm[slot] = s.term();
      seenLastIndex[slot] = log.lastIndex();
      seenLast[slot] = log.has(log.lastIndex()) ? log.entryAt(log.lastIndex()) : null;
      return null;
    }
  }

  /**
   * Two logs with an entry of the same index and term are identical up to that index.
   *
   * <p>Per pair of servers it remembers how far the two logs are known to hold equal entries
   * ({@code equalThrough}) and up to where, above that, their terms are known to differ ({@code
   * differThrough}); a log's truncations since the last check (it counts them) pull both marks back
   * below the first removed index, and a log object not seen before (a restart, an explorer copy)
   * resets its pairs. So each check compares only new or rewritten entries, and still finds what
   * the full comparison finds: the highest index of equal terms in the common range, then the
   * highest index at or below it where the entries differ.
   */
  static final class LogMatching implements Invariant {
    private final Servers servers;
    private int epoch = -1;
    private long checkedAt = Long.MIN_VALUE; // servers' count at the last check
    private boolean settled; // the last check compared every pair without a finding
    private RaftLog[] seenLog = new RaftLog[0];
    private int[] seenTruncations = new int[0];
    private long[] seenLastIndex = new long[0];
    private long[] seenBaseIndex = new long[0];
    private long[] changedFrom = new long[0];
    private boolean[] touched = new boolean[0]; // log changed in any way since the last check
    private long[] equalThrough = new long[0]; // [i * n + j], i < j positions
    private long[] differThrough = new long[0];
    private boolean[] clean = new boolean[0]; // compared, nothing found, neither log changed since

    LogMatching(Servers servers) {
      this.servers = servers;
    }

    @Override
    public String name() {
      return "LogMatching";
    }

    @Override
    public String check(SystemView view) {
      servers.refresh(view);
      if (epoch != servers.epoch()) {
        epoch = servers.epoch();
        checkedAt = Long.MIN_VALUE;
        resize(servers.positions());
      }
      if (settled && servers.unchangedSince(epoch, checkedAt)) {
        checkedAt = servers.count();
        return null; // no server changed since a check that compared every pair clean
      }
      int n = seenLog.length;
      boolean anyTouched = noteChangedLogs();
      checkedAt = servers.count();
      if (!anyTouched && settled) {
        return null; // every pair clean and no log changed: nothing to forget or compare
      }
      forgetInvalidatedPairs(n);
      String problem = compareUncleanPairs(n);
      settled = problem == null;
      return problem;
    }

    @Override
    public boolean resetForReuse() {
      servers.reset();
      epoch = -1;
      checkedAt = Long.MIN_VALUE;
      settled = false;
      return true; // the arrays are cleared when the next check starts its epoch
    }

    /**
     * Fresh (empty) memory for {@code n} server positions, after the server set changed (the arrays
     * are kept, cleared, when their size fits: the explorer starts an epoch per state).
     */
    private void resize(int n) {
      if (seenLog.length != n) {
        seenLog = new RaftLog[n];
        seenTruncations = new int[n];
        seenLastIndex = new long[n];
        seenBaseIndex = new long[n];
        changedFrom = new long[n];
        touched = new boolean[n];
        equalThrough = new long[n * n];
        differThrough = new long[n * n];
        clean = new boolean[n * n];
        return;
      }
      Arrays.fill(seenLog, null);
      Arrays.fill(seenTruncations, 0);
      Arrays.fill(seenLastIndex, 0);
      Arrays.fill(seenBaseIndex, 0);
      Arrays.fill(changedFrom, 0);
      Arrays.fill(touched, false);
      Arrays.fill(equalThrough, 0);
      Arrays.fill(differThrough, 0);
      Arrays.fill(clean, false);
    }

    /**
     * 1. Per server: the lowest index whose entry may differ from the one compared last time.
     * Returns whether any log changed in any way since the last check (or a server crashed).
     */
    private boolean noteChangedLogs() {
      boolean any = false;
      for (int p : servers.serverPositions()) { // another kind of node's pairs are never read
        RaftState s = servers.at(p);
        if (s == null) {
          seenLog[p] = null;
          changedFrom[p] = 0;
          touched[p] = true;
          // Forgetting a crashed server's pairs again changes nothing: only its crash counts.
          any |= !servers.other(p) && servers.changedSince(p, checkedAt);
          continue;
        }
        if (!servers.changedSince(p, checkedAt)) {
          changedFrom[p] = Long.MAX_VALUE; // the very log seen last time, as it was
          touched[p] = false;
          continue;
        }
        RaftLog log = s.log();
        if (log != seenLog[p]) {
          seenLog[p] = log;
          changedFrom[p] = 0;
        } else {
          changedFrom[p] = log.lowestTruncatedSince(seenTruncations[p]);
        }
        touched[p] =
            changedFrom[p] != Long.MAX_VALUE
                || log.lastIndex() != seenLastIndex[p]
                || log.baseIndex() != seenBaseIndex[p];
        seenTruncations[p] = log.truncationCount();
        seenLastIndex[p] = log.lastIndex();
        seenBaseIndex[p] = log.baseIndex();
        any |= touched[p];
      }
      return any;
    }

    /**
     * 2. Forget what the changes may have invalidated, for every pair (before any early return).
     */
    private void forgetInvalidatedPairs(int n) {
      int[] ps = servers.serverPositions();
      for (int x = 0; x < ps.length; x++) {
        int i = ps[x];
        for (int y = x + 1; y < ps.length; y++) {
          int j = ps[y];
          int pair = i * n + j;
          if (touched[i] || touched[j]) {
            clean[pair] = false;
          }
          long m = Math.min(changedFrom[i], changedFrom[j]);
          if (m != Long.MAX_VALUE) {
            long keep = Math.max(0, m - 1);
            equalThrough[pair] = Math.min(equalThrough[pair], keep);
            differThrough[pair] = Math.max(equalThrough[pair], Math.min(differThrough[pair], keep));
          }
        }
      }
    }

    /** 3. Compare, in the order of the full check (pairs of servers in node order). */
    private String compareUncleanPairs(int n) {
      int[] ps = servers.serverPositions();
      for (int x = 0; x < ps.length; x++) {
        int i = ps[x];
        RaftState a = servers.at(i);
        if (a == null) {
          continue;
        }
        for (int y = x + 1; y < ps.length; y++) {
          int j = ps[y];
          RaftState b = servers.at(j);
          if (b == null || clean[i * n + j]) {
            continue; // two logs as they were when compared without a finding: the same answer
          }
          String problem = compare(a, b, i * n + j);
          if (problem != null) {
            return problem;
          }
          clean[i * n + j] = true;
        }
      }
      return null;
    }

    private String compare(RaftState a, RaftState b, int pair) {
      RaftLog la = a.log();
      RaftLog lb = b.log();
      long lo = Math.max(la.baseIndex(), lb.baseIndex()) + 1;
      long hi = Math.min(la.lastIndex(), lb.lastIndex());
      long equal = equalThrough[pair];
      long floor = Math.max(differThrough[pair], lo - 1);
      long k = hi;
      while (k > floor && la.termAt(k) != lb.termAt(k)) {
        k--; // the highest index where both have an entry of the same term
      }
      if (k <= floor) {
        // No such index above what is known: the highest one is at or below equalThrough (terms
        // differ in between), and the entries up to there are known to be equal.
        differThrough[pair] = Math.max(differThrough[pair], hi);
        return null;
      }
      for (long i = k; i > Math.max(equal, lo - 1); i--) {
        RaftEntry x = la.entryAt(i);
        RaftEntry y = lb.entryAt(i);
        if (!same(x, y)) {
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
      equalThrough[pair] = k;
      differThrough[pair] = hi; // terms differ on (k, hi]: scanned above
      return null;
    }
  }

  /** What leaders declared committed: index -> (entry, term of the committing leader). */
  static final class Memory {
    record Committed(RaftEntry entry, long leaderTerm, NodeId leader) {}

    final ArrayList<Committed> committed = new ArrayList<>(); // position i = index i + 1
  }

  /**
   * {@code a.equals(b)} for a non-null {@code a}, answered at once when both are one object:
   * servers mostly hold the very entry objects the leader sent, and a record's equals compares
   * every field.
   */
  static boolean same(RaftEntry a, RaftEntry b) {
    return a == b || a.equals(b);
  }

  /** A fresh array of {@code n} longs, or {@code a} itself when it has that length (refilled). */
  static long[] sized(long[] a, int n) {
    return a.length == n ? a : new long[n];
  }

  /**
   * Per server slot ({@link Servers#slot}): a (term, index) mark or none. What was a map by node:
   * the invariants look every live server up after every event, and an array read is cheaper than
   * hashing its id.
   */
  static final class Marks {
    private long[] term = new long[0];
    private long[] upTo = new long[0];
    private boolean[] present = new boolean[0];
    private boolean any; // some mark was put since the last clear

    /** Grows to hold {@code slots} slots, keeping every mark. */
    void ensure(int slots) {
      if (present.length < slots) {
        term = Arrays.copyOf(term, slots);
        upTo = Arrays.copyOf(upTo, slots);
        present = Arrays.copyOf(present, slots);
      }
    }

    /** True if position {@code p} has a mark for {@code t}. */
    boolean holds(int p, long t) {
      return present[p] && term[p] == t;
    }

    long upTo(int p) {
      return upTo[p];
    }

    void put(int p, long t, long index) {
      any = true;
      present[p] = true;
      term[p] = t;
      upTo[p] = index;
    }

    void remove(int p) {
      present[p] = false;
    }

    /** No marks, as built (the arrays are kept). */
    void clear() {
      if (any) {
        Arrays.fill(present, false);
        any = false;
      }
    }
  }

  /**
   * An entry committed in term T is in the log of every leader of a term after T. "Committed"
   * means: at or below a leader's commitIndex. Two leaders declaring different entries committed at
   * one index is reported here too.
   */
  static final class LeaderCompleteness extends ServerInvariant {
    private final Memory memory;
    // Per leader (by position) and term: how far the memory was compared with its log.
    private final Marks checked = new Marks();
    // Per leader and term: committed prefix already compared with the memory (a leader's log only
    // grows while it leads, which LeaderAppendOnly checks).
    private final Marks verified = new Marks();
    // Per leader and term: the commit index at which electableWithout last ran.
    private final Marks commitSeen = new Marks();
    // electableWithout's working space (its contents never outlive one call).
    private NodeId[] memberScratch = new NodeId[0];
    private long[] summaryScratch = new long[0];
    private final List<NodeId> voteScratch = new ArrayList<>();

    LeaderCompleteness(Memory memory, Servers servers) {
      super(servers);
      this.memory = memory;
    }

    @Override
    public String name() {
      return "LeaderCompleteness";
    }

    @Override
    void forget() {
      memory.committed.clear();
      checked.clear();
      verified.clear();
      commitSeen.clear();
    }

    @Override
    public boolean judgesTransitions() {
      return true; // what leaders declared committed one event earlier counts too
    }

    @Override
    String find(SystemView view) {
      checked.ensure(servers.slots());
      verified.ensure(servers.slots());
      commitSeen.ensure(servers.slots());
      for (int p : servers.serverPositions()) {
        RaftState s = servers.at(p);
        if (s == null || s.role() != RaftRole.LEADER) {
          continue;
        }
        String conflict = rememberCommitted(servers.slot(p), s);
        if (conflict != null) {
          return conflict;
        }
      }
      String missing = leadersLackingCommitted();
      if (missing != null) {
        return missing;
      }
      return committedElectableWithout(view);
    }

    /**
     * Compares a leader's newly committed prefix with what other leaders committed, and records
     * indexes nobody committed before.
     */
    private String rememberCommitted(int slot, RaftState s) {
      RaftLog log = s.log();
      long start = verified.holds(slot, s.term()) ? verified.upTo(slot) + 1 : 1;
      verified.put(slot, s.term(), s.commitIndex());
      for (long i = start; i <= s.commitIndex(); i++) {
        if (i <= memory.committed.size()) {
          Memory.Committed c = memory.committed.get((int) i - 1);
          if (log.has(i) && !same(log.entryAt(i), c.entry())) {
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
      return null;
    }

    /** Every leader's log holds each entry committed in an earlier term. */
    private String leadersLackingCommitted() {
      for (int p : servers.serverPositions()) {
        RaftState s = servers.at(p);
        if (s == null) {
          continue;
        }
        int slot = servers.slot(p);
        if (s.role() != RaftRole.LEADER) {
          checked.remove(slot);
          continue;
        }
        long from = checked.holds(slot, s.term()) ? checked.upTo(slot) + 1 : 1;
        RaftLog log = s.log();
        for (long i = from; i <= memory.committed.size(); i++) {
          Memory.Committed e = memory.committed.get((int) i - 1);
          if (e.leaderTerm() >= s.term() || i <= log.baseIndex()) {
            continue;
          }
          if (!log.has(i) || !same(log.entryAt(i), e.entry())) {
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
        checked.put(slot, s.term(), memory.committed.size());
      }
      return null;
    }

    /** At each leader's commit advance, no voter lacking the committed entry could win. */
    private String committedElectableWithout(SystemView view) {
      for (int p : servers.serverPositions()) {
        RaftState s = servers.at(p);
        if (s == null || s.role() != RaftRole.LEADER) {
          continue;
        }
        int slot = servers.slot(p);
        if (commitSeen.holds(slot, s.term()) && commitSeen.upTo(slot) >= s.commitIndex()) {
          continue;
        }
        commitSeen.put(slot, s.term(), s.commitIndex());
        String unsafe = electableWithout(view, s);
        if (unsafe != null) {
          return unsafe;
        }
      }
      return null;
    }

    /**
     * At the moment a leader commits index c, no voter lacking the entry at c may be able to win an
     * election with the logs as they are now (the up-to-date rule of section 5.4.1). In correct
     * Raft the majority that holds c refuses any such candidate (the paper's safety argument); a
     * candidate that would win is a witness that one more election loses a committed entry, so this
     * reports Figure 8 (R2) at the commit itself rather than after the crashes that follow.
     */
    private String electableWithout(SystemView view, RaftState leader) {
      long c = leader.commitIndex();
      if (!leader.log().has(c)) {
        return null;
      }
      RaftEntry e = leader.log().entryAt(c);
      Membership m = leader.membership();
      // Per member, in node order (members() is sorted): lastTerm, lastIndex, has (at 3 * x). The
      // arrays and the vote list are kept between commits: this runs at every commit advance.
      int k = m.members().size();
      NodeId[] ids = m.members().toArray(memberScratch);
      memberScratch = ids;
      if (summaryScratch.length < 3 * k) {
        summaryScratch = new long[3 * k];
      }
      long[] summary = summaryScratch;
      for (int x = 0; x < k; x++) {
        summarize(view, ids[x], c, e, summary, 3 * x);
      }
      for (int cand = 0; cand < k; cand++) {
        int sc = 3 * cand;
        if (summary[sc + 2] == 1) {
          continue;
        }
        List<NodeId> votes = voteScratch; // in node order, printed as a sorted set was
        votes.clear();
        for (int voter = 0; voter < k; voter++) {
          int v = 3 * voter;
          boolean upToDate =
              summary[sc] != summary[v]
                  ? summary[sc] > summary[v]
                  : summary[sc + 1] >= summary[v + 1];
          if (upToDate) {
            votes.add(ids[voter]);
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
              + ids[cand]
              + ", which lacks it, can win an"
              + " election now with votes "
              + votes
              + " (Figure 8)";
        }
      }
      return null;
    }

    /**
     * Writes {lastTerm, lastIndex, 1 if it holds entry e at c} into {@code out} at {@code at}, from
     * live state, else from disk (zeros: it never persisted anything, an empty log).
     */
    private static void summarize(
        SystemView view, NodeId id, long c, RaftEntry e, long[] out, int at) {
      long lastTerm = 0;
      long last = 0;
      boolean has = false;
      RaftState s = view.stateAs(id, RaftState.class);
      if (s != null) {
        RaftLog log = s.log();
        lastTerm = log.lastTerm();
        last = log.lastIndex();
        has = log.baseIndex() >= c || (log.has(c) && same(log.entryAt(c), e));
      } else if (view.durable(id) instanceof RaftDurable d) {
        long base = d.snapshot() == null ? 0 : d.snapshot().lastIncludedIndex();
        long baseTerm = d.snapshot() == null ? 0 : d.snapshot().lastIncludedTerm();
        last = base + d.log().size();
        lastTerm = d.log().isEmpty() ? baseTerm : d.log().get(d.log().size() - 1).term();
        has = base >= c || (c > base && c <= last && same(d.log().get((int) (c - base - 1)), e));
      }
      out[at] = lastTerm;
      out[at + 1] = last;
      out[at + 2] = has ? 1 : 0;
    }
  }

  /**
   * No two servers apply different entries at one index (snapshots count as applying). What was
   * applied is kept in arrays indexed by log index (indices are dense), not a sorted map.
   */
  static final class StateMachineSafety extends ServerInvariant {
    private RaftEntry[] applied = new RaftEntry[0]; // grown on first use: the explorer builds
    private NodeId[] appliedBy = new NodeId[0]; // fresh instances for every check
    // Per slot: the last applied record of a justApplied list checked through without a
    // finding. The list lives until the node's next event; checking it again could only agree (each
    // index now holds the entry the node applied), so later checks skip it. Snapshots are
    // re-checked: another server may apply at that index in the meantime.
    private RaftState.Applied[] checkedThrough = new RaftState.Applied[0];
    private boolean wrote; // anything recorded since built or reset

    StateMachineSafety(Servers servers) {
      super(servers);
    }

    @Override
    public String name() {
      return "StateMachineSafety";
    }

    @Override
    void forget() {
      if (wrote) {
        Arrays.fill(applied, null); // an index holds nothing, as in a fresh (empty) array
        Arrays.fill(appliedBy, null);
        Arrays.fill(checkedThrough, null);
        wrote = false;
      }
    }

    @Override
    public boolean judgesTransitions() {
      return true; // what was applied one event earlier counts too
    }

    private RaftEntry appliedAt(long index) {
      return index < applied.length ? applied[(int) index] : null;
    }

    @Override
    String find(SystemView view) {
      if (checkedThrough.length < servers.slots()) {
        checkedThrough = Arrays.copyOf(checkedThrough, servers.slots());
      }
      for (int p : servers.serverPositions()) {
        RaftState s = servers.at(p);
        if (s == null) {
          continue;
        }
        List<RaftState.Applied> just = s.justApplied();
        int slot = servers.slot(p);
        if (!just.isEmpty() && checkedThrough[slot] == just.get(just.size() - 1)) {
          just = List.of();
        }
        for (int y = 0; y < just.size(); y++) {
          RaftState.Applied a = just.get(y);
          RaftEntry earlier = appliedAt(a.index());
          if (earlier == null) {
            if (a.index() >= applied.length) {
              int size = (int) Math.max(a.index() + 1, Math.max(16, 2L * applied.length));
              applied = Arrays.copyOf(applied, size);
              appliedBy = Arrays.copyOf(appliedBy, size);
            }
            applied[(int) a.index()] = a.entry();
            appliedBy[(int) a.index()] = s.self();
            wrote = true;
          } else if (!same(earlier, a.entry())) {
            return s.self()
                + " applied "
                + a.entry()
                + " at index "
                + a.index()
                + " but "
                + appliedBy[(int) a.index()]
                + " applied "
                + earlier;
          }
        }
        if (!just.isEmpty()) {
          checkedThrough[slot] = just.get(just.size() - 1);
          wrote = true;
        }
        RaftSnapshot snap = s.justInstalled();
        if (snap != null) {
          RaftEntry earlier = appliedAt(snap.lastIncludedIndex());
          if (earlier != null && earlier.term() != snap.lastIncludedTerm()) {
            return s.self()
                + " installed a snapshot ending at index "
                + snap.lastIncludedIndex()
                + " term "
                + snap.lastIncludedTerm()
                + " but "
                + appliedBy[(int) snap.lastIncludedIndex()]
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
