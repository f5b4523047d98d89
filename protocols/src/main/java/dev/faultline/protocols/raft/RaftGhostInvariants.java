package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks of the records a server keeps only for the judges (its ghosts), by the {@code checkLabels}
 * option: the log's tail-removal record, which lets {@code LogMatching} re-compare only what may
 * have changed, and the entries and snapshot the current event applied, which {@code
 * StateMachineSafety} reads. A ghost that under-reports cannot fail a correct run by itself; it
 * blinds the judge that trusts it. So this check compares each ghost with the state it describes.
 */
public final class RaftGhostInvariants {
  private RaftGhostInvariants() {}

  /**
   * After every event, for each live server still in the same life (the same state and log objects
   * as at the last check): every entry seen at the last check, below the lowest index the log says
   * it removed entries from since, is still there, the very same entry (a removal the log forgot to
   * record is a changed or missing entry below that index); the count of removals never goes back;
   * and if {@code lastApplied} moved, the event's applied list and installed snapshot account for
   * every step of it, in order, each applied entry being the log's entry at its index.
   */
  static final class GhostsMatchState implements Invariant {
    private final RaftInvariants.Servers servers = new RaftInvariants.Servers();
    private final Map<NodeId, Seen> seen = new HashMap<>(); // lookups only, never iterated
    private long checkedAt = Long.MIN_VALUE; // the servers' change count at the last check

    /** What a server's ghosts and log were at the last check. */
    static final class Seen {
      RaftState state;
      RaftLog log;
      int truncations;
      long baseIndex;
      RaftEntry[] entries; // (baseIndex, baseIndex + entries.length]
      long lastApplied;

      /** Remembers {@code s}: copies its entries only if the log may have changed. */
      void remember(RaftState s) {
        RaftLog l = s.log;
        boolean same =
            entries != null
                && l == log
                && l.truncationCount() == truncations
                && l.baseIndex() == baseIndex
                && l.lastIndex() == baseIndex + entries.length;
        if (!same) {
          entries = new RaftEntry[(int) (l.lastIndex() - l.baseIndex())];
          for (int k = 0; k < entries.length; k++) {
            entries[k] = l.entryAt(l.baseIndex() + 1 + k);
          }
        }
        state = s;
        log = l;
        truncations = l.truncationCount();
        baseIndex = l.baseIndex();
        lastApplied = s.lastApplied;
      }
    }

    @Override
    public String name() {
      return "GhostsMatchState";
    }

    @Override
    public String check(SystemView view) {
      servers.refresh(view);
      for (int p = 0; p < servers.positions(); p++) {
        RaftState s = servers.at(p);
        if (s == null || !servers.changedSince(p, checkedAt)) {
          continue;
        }
        Seen before = seen.computeIfAbsent(s.self(), id -> new Seen());
        if (before.state == s) {
          String wrong = before.log == s.log ? truncationsUnrecorded(s.log, before) : null;
          if (wrong == null) {
            wrong = appliesUnaccounted(s, before.lastApplied);
          }
          if (wrong != null) {
            return s.self() + " " + wrong;
          }
        }
        before.remember(s);
      }
      checkedAt = servers.count();
      return null;
    }

    /** What the log's tail-removal record hides since {@code before} was seen, or null. */
    static String truncationsUnrecorded(RaftLog log, Seen before) {
      if (log.truncationCount() < before.truncations) {
        return "log's removal count went back from "
            + before.truncations
            + " to "
            + log.truncationCount();
      }
      long removedFrom = log.lowestTruncatedSince(before.truncations);
      long seenLast = before.baseIndex + before.entries.length;
      long through = Math.min(seenLast, removedFrom - 1);
      for (long i = Math.max(before.baseIndex, log.baseIndex()) + 1; i <= through; i++) {
        RaftEntry was = before.entries[(int) (i - before.baseIndex - 1)];
        if (!log.has(i) || log.entryAt(i) != was) {
          return "holds "
              + (log.has(i) ? log.entryAt(i) : "nothing")
              + " at index "
              + i
              + " where it held "
              + was
              + ", but its log records no removal at or below that index since";
        }
      }
      return null;
    }

    /**
     * What of the move of {@code lastApplied} from {@code from} the event's ghosts omit, or null.
     */
    static String appliesUnaccounted(RaftState s, long from) {
      if (s.lastApplied == from) {
        return null; // the lists may be an earlier event's: nothing to account for
      }
      long at = from;
      RaftSnapshot installed = s.justInstalled();
      if (installed != null) {
        if (installed.lastIncludedIndex() <= at) {
          return "reports a snapshot up to "
              + installed.lastIncludedIndex()
              + " installed by this event, but had applied through "
              + at
              + " before it";
        }
        at = installed.lastIncludedIndex();
      }
      for (RaftState.Applied a : s.justApplied()) {
        if (a.index() != at + 1) {
          return "reports applying index " + a.index() + " right after " + at;
        }
        if (s.log.has(a.index()) && s.log.entryAt(a.index()) != a.entry()) {
          return "reports applying " + a.entry() + " at index " + a.index() + " but logs another";
        }
        at = a.index();
      }
      if (at != s.lastApplied) {
        return "applied through "
            + s.lastApplied
            + " (from "
            + from
            + ") but this event reports applying through "
            + at;
      }
      return null;
    }
  }
}
