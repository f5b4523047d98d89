package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftImplementationInvariants.CopyFidelity;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Copy-on-write from the side {@link CopyFidelity} does not write: the state or log that was
 * copied, which then writes on (as a live server does after the {@code checkSteps} rules copy it at
 * every step, and as the explorer's parent states are copied again and again). Part of the {@code
 * checkCopies} check, run on the server it checks.
 *
 * <p>A fuzz run with {@code checkSteps} starts every step with each log shared (the rules' copy of
 * it), so the write paths of a log that owns its array (growing it, truncating it in place) and the
 * record of tail removals past its first few never run there, though every run without that option
 * and the explorer run them. This check runs them on copies of the live log, against a plain list
 * of the entries each should hold.
 */
final class RaftCopyWriteInvariants {
  private RaftCopyWriteInvariants() {}

  private static final NodeId GHOST = NodeId.of("copy-check");

  /**
   * The KV store, the session table and the peer sets and maps each copy on their own first write:
   * a copy taken after the original wrote only some of them must not see its later writes.
   */
  static String partsDiffer(RaftState s) {
    return partsDiffer(s, RaftState::copy);
  }

  /** As above, with the copy under test given (a test plants a faulty one). */
  static String partsDiffer(RaftState s, UnaryOperator<RaftState> copier) {
    RaftState kvOwner = s.copy();
    kvOwner.writableKv().apply("put", "copy-check", "a"); // owns its KV store, shares its sessions
    RaftState copy = copier.apply(kvOwner);
    long printed = CopyFidelity.fingerprint(copy);
    kvOwner.writableKv().apply("put", "copy-check", "b");
    if (CopyFidelity.fingerprint(copy) != printed) {
      return "a KV write of a state that had written its KV store before it was copied reached"
          + " the copy";
    }
    RaftState sessionsOwner = s.copy();
    sessionsOwner.writableSessions(); // owns its session table, shares its KV store
    copy = copier.apply(sessionsOwner);
    printed = CopyFidelity.fingerprint(copy);
    sessionsOwner
        .writableSessions()
        .execute(sessionsOwner.writableKv(), GHOST.name(), 1, "put", "copy-check", "c");
    if (CopyFidelity.fingerprint(copy) != printed) {
      return "a session write of a state that had taken its session table before it was copied"
          + " reached the copy";
    }
    RaftState peersOwner = s.copy();
    writePeers(peersOwner, "b", -1); // owns every peer set and map
    copy = copier.apply(peersOwner);
    printed = CopyFidelity.fingerprint(copy);
    writePeers(peersOwner, "a", -2);
    if (CopyFidelity.fingerprint(copy) != printed) {
      return "a write to the peer sets or maps of a state that had written them before it was"
          + " copied reached the copy";
    }
    return null;
  }

  /**
   * Writes every peer set and map: the sets emptied first when {@code name} is "b" (so that they
   * own arrays with room), then a member called {@code copy-check-<name>} added ("a" sorts first,
   * shifting what a copy still shares), and the ghost peer's value in each map set to {@code value}
   * (the second write changes an existing value in place).
   */
  private static void writePeers(RaftState c, String name, long value) {
    if (name.equals("b")) {
      c.votes.clear();
      c.activeSinceCheck.clear();
    }
    NodeId member = NodeId.of("copy-check-" + name);
    c.votes.add(member);
    c.activeSinceCheck.add(member);
    c.nextIndex.put(GHOST, value);
    c.matchIndex.put(GHOST, value);
    c.ackedRound.put(GHOST, value);
  }

  /** A log under test and the entries it should hold. */
  private static final class Model {
    final RaftLog log;
    final List<RaftEntry> entries;
    long base;

    Model(RaftLog log, List<RaftEntry> entries, long base) {
      this.log = log;
      this.entries = new ArrayList<>(entries);
      this.base = base;
    }

    Model copy(UnaryOperator<RaftLog> copier) {
      return new Model(copier.apply(log), entries, base);
    }

    void append(RaftEntry e) {
      log.append(e);
      entries.add(e);
    }

    /** Truncates, and null if the log recorded the removal (one more, from that index). */
    String truncateFrom(long index) {
      int count = log.truncationCount();
      log.truncateFrom(index);
      entries.subList((int) (index - base - 1), entries.size()).clear();
      return removalRecorded(count, index);
    }

    String resetTo(long index, long term) {
      int count = log.truncationCount();
      log.resetTo(index, term);
      entries.clear();
      base = index;
      return removalRecorded(count, 0);
    }

    private String removalRecorded(int count, long from) {
      if (log.truncationCount() != count + 1 || log.lowestTruncatedSince(count) != from) {
        return "records "
            + log.truncationCount()
            + " removals, the lowest since the first "
            + count
            + " at "
            + log.lowestTruncatedSince(count)
            + ", after "
            + count
            + " and one from index "
            + from;
      }
      return null;
    }

    /** Null if the log holds exactly the model's entries (the very same objects). */
    String differs(String after) {
      if (log.baseIndex() != base || log.lastIndex() != base + entries.size()) {
        return "holds (" + log.baseIndex() + ", " + log.lastIndex() + "] after " + after;
      }
      for (int k = 0; k < entries.size(); k++) {
        if (log.entryAt(base + 1 + k) != entries.get(k)) {
          return "holds " + log.entryAt(base + 1 + k) + " at " + (base + 1 + k) + " after " + after;
        }
      }
      return null;
    }
  }

  /** {@link #logDiffers(RaftLog, UnaryOperator)} with the log's own copy. */
  static String logDiffers(RaftLog live) {
    return logDiffers(live, RaftLog::copy);
  }

  /**
   * On copies of {@code live} (made by {@code copier}): many appends (past any array's growth), a
   * copy and its source both appending, the source rewriting its tail after a copy, a persisted
   * view while its log truncates, five tail removals and a reset, each log and view compared with
   * the entries it should hold and each removal with the log's record of it. Null if all hold; a
   * log that throws is a failure too.
   */
  static String logDiffers(RaftLog live, UnaryOperator<RaftLog> copier) {
    try {
      return script(live, copier);
    } catch (RuntimeException e) {
      return "a copy of its log threw " + e;
    }
  }

  private static String script(RaftLog live, UnaryOperator<RaftLog> copier) {
    List<RaftEntry> held = new ArrayList<>();
    for (long i = live.baseIndex() + 1; i <= live.lastIndex(); i++) {
      held.add(live.entryAt(i));
    }
    long t = live.lastTerm() + 1;
    Model a = new Model(copier.apply(live), held, live.baseIndex());
    for (int k = held.size() / 2 + 12; k > 0; k--) {
      a.append(entry(t + (k & 1)));
    }
    String wrong = a.differs("appends to a copy");
    Model b = a.copy(copier);
    a.append(entry(t + 2));
    b.append(entry(t + 3));
    wrong = first(wrong, a.differs("it and a copy of it appended"), b.differs("its source too"));
    Model c = a.copy(copier);
    wrong = first(wrong, a.truncateFrom(a.log.lastIndex()));
    a.append(entry(t + 4));
    wrong = first(wrong, c.differs("the log it was copied from rewrote its last entry"));
    List<RaftEntry> disk = a.log.persistedEntries();
    List<RaftEntry> written = List.copyOf(disk);
    for (int r = 0; r < 5; r++) { // the fifth outgrows the removal record's first array
      wrong = first(wrong, a.truncateFrom(a.log.lastIndex() - (r & 1)));
      a.append(entry(t + 5 + r));
      a.append(entry(t + 5 + r));
    }
    if (wrong == null && !disk.equals(written)) {
      wrong = "a persisted view changed while its log truncated: " + disk + ", not " + written;
    }
    wrong = first(wrong, a.differs("five tail rewrites"), c.differs("its source's rewrites"));
    wrong = first(wrong, a.resetTo(a.log.lastIndex(), t + 9), a.differs("a reset"));
    return wrong == null ? null : "a copy of its log " + wrong;
  }

  private static RaftEntry entry(long term) {
    return new RaftEntry(term, new RaftCommand.NoOp());
  }

  private static String first(String... verdicts) {
    for (String v : verdicts) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
