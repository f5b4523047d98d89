package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.protocols.raft.RaftCommand.ClientCommand;
import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.protocols.raft.RaftMessage.ClientReply;
import dev.faultline.protocols.raft.RaftMessage.InstallSnapshot;
import dev.faultline.protocols.raft.RaftMessage.SnapshotReply;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import java.util.List;

/**
 * The state machine's rules at each step ({@link RaftStepRules}, the {@code checkSteps} option):
 * what a server applies and the answers a leader sends for it, when it takes a snapshot, and that a
 * reply bringing a leader no news sends no replication.
 */
final class RaftApplyRules {
  private RaftApplyRules() {}

  /**
   * Figure 2, rules for all servers: "if commitIndex > lastApplied, increment lastApplied and apply
   * log[lastApplied]", within the step. After a step (other than one installing a snapshot) a
   * server has applied every committed entry its log holds, in index order, each client command
   * exactly once per (client, seq) through the session table (a duplicate is answered with the
   * stored output and changes nothing), so its KV store and session table are what those entries
   * make of the ones before. A server that leads throughout the step answers each client command it
   * applied, in apply order, with {@code ClientReply(seq, true, output, itself)}; one that never
   * leads in it sends no successful answer at all.
   */
  static String applied(Step step, RaftState before, RaftState after, long nowTicks) {
    if (after == null || after.justInstalled() != null) {
      return null;
    }
    long expected = Math.min(after.commitIndex, after.log.lastIndex());
    if (after.lastApplied != expected || after.lastApplied < before.lastApplied) {
      return "applied up to "
          + after.lastApplied
          + " (before: "
          + before.lastApplied
          + "), not "
          + expected
          + ", after "
          + RaftClientRules.describe(step);
    }
    boolean leads = before.role == RaftRole.LEADER && after.role == RaftRole.LEADER;
    if (before.role != RaftRole.LEADER && after.role != RaftRole.LEADER) {
      for (Step.Sent s : step.sent()) {
        if (s.message() instanceof ClientReply r && r.ok()) {
          return "answered " + s + " without leading, after " + RaftClientRules.describe(step);
        }
      }
    }
    if (after.lastApplied == before.lastApplied) {
      return null; // nothing applied: nothing to replay (and no copy of the store per step)
    }
    return replayed(step, before, after, leads);
  }

  /**
   * Replays the entries the step applied on a copy of the server's KV store and session table from
   * before it: the server must end with the same, and (when {@code leads}) have sent each command's
   * answer, in apply order.
   */
  private static String replayed(Step step, RaftState before, RaftState after, boolean leads) {
    KvStore kv = before.kv.copy();
    SessionTable sessions = before.sessions.copy();
    int cursor = 0;
    for (long i = before.lastApplied + 1; i <= after.lastApplied; i++) {
      RaftEntry e = entryAt(before, after, i);
      if (e == null) {
        return null; // applied and compacted away in the step, and not noted: not judged here
      }
      if (e.command() instanceof ClientCommand c) {
        String out = sessions.execute(kv, c.client().name(), c.seq(), c.f(), c.key(), c.value());
        if (leads) {
          Step.Sent reply =
              new Step.Sent(c.client(), new ClientReply(c.seq(), true, out, after.self));
          int at = indexOf(step.sent(), reply, cursor);
          if (at < 0) {
            return "applied index "
                + i
                + " ("
                + c
                + ") without sending "
                + reply
                + " after the answers before it, after "
                + RaftClientRules.describe(step);
          }
          cursor = at + 1;
        }
      }
    }
    if (!kv.equals(after.kv) || !sessions.equals(after.sessions)) {
      return "holds KV "
          + after.kv
          + " and sessions "
          + after.sessions.described()
          + " after applying "
          + (before.lastApplied + 1)
          + ".."
          + after.lastApplied
          + ", not "
          + kv
          + " and "
          + sessions.described();
    }
    return null;
  }

  private static int indexOf(List<Step.Sent> sent, Step.Sent s, int from) {
    for (int i = from; i < sent.size(); i++) {
      if (sent.get(i).equals(s)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The entry at {@code i} that the step applied: in the log after the step, else (compacted in the
   * step) the one the server noted as applied, else the one it held before; null if none.
   */
  private static RaftEntry entryAt(RaftState before, RaftState after, long i) {
    if (after.log.has(i)) {
      return after.log.entryAt(i);
    }
    for (RaftState.Applied a : after.justApplied()) {
      if (a.index() == i) {
        return a.entry();
      }
    }
    return before.log.has(i) ? before.log.entryAt(i) : null;
  }

  /**
   * Snapshots every {@code snapshotEvery} applied entries (section 7, this project's threshold):
   * after every step, fewer than that many applied entries follow the snapshot, and a snapshot the
   * server took in the step lies at least that many entries past the one before. It covers an
   * applied index, carries that entry's term and the configuration in force there (its newest
   * configuration entry up to it, else the previous snapshot's, else the initial one), and, when
   * nothing was applied after it, the server's KV store and session table.
   */
  static String snapshot(Step step, RaftState before, RaftState after, long nowTicks) {
    int every = after == null ? 0 : after.config.snapshotEvery();
    if (every <= 0 || after.justInstalled() != null) {
      return null;
    }
    if (after.lastApplied - after.log.baseIndex() >= every) {
      return "has applied up to "
          + after.lastApplied
          + " with its snapshot at "
          + after.log.baseIndex()
          + " (every "
          + every
          + "), after "
          + RaftClientRules.describe(step);
    }
    if (after.log.baseIndex() == before.log.baseIndex()) {
      return null;
    }
    RaftSnapshot snap = after.snapshot;
    long index = after.log.baseIndex();
    if (index - before.log.baseIndex() < every) {
      return "took a snapshot at "
          + index
          + ", fewer than "
          + every
          + " applied entries after the one at "
          + before.log.baseIndex();
    }
    RaftEntry last = entryAt(before, after, index);
    if (snap == null
        || snap.lastIncludedIndex() != index
        || index > after.lastApplied
        || last == null
        || snap.lastIncludedTerm() != last.term()
        || !snap.membership().equals(configAt(before, after, index))) {
      return "took "
          + snap
          + " with its log based at "
          + index
          + " (entry "
          + last
          + ", applied "
          + after.lastApplied
          + ")";
    }
    if (index == after.lastApplied
        && (!snap.kv().equals(after.kv.snapshot())
            || !snap.sessions().equals(after.sessions.snapshot()))) {
      return "took " + snap + " whose KV store or sessions are not its own at " + index;
    }
    return null;
  }

  private static Membership configAt(RaftState before, RaftState after, long index) {
    for (long i = index; i > before.log.baseIndex(); i--) {
      RaftEntry e = entryAt(before, after, i);
      if (e != null && e.command() instanceof RaftCommand.ConfigCommand c) {
        return c.membership();
      }
    }
    return before.snapshot != null
        ? before.snapshot.membership()
        : before.config.initialMembership();
  }

  /**
   * A reply that brings a leader of its term no news (an AppendReply or SnapshotReply that moves
   * neither its matchIndex nor its nextIndex for the sender) sends no AppendEntries or
   * InstallSnapshot: only the answers to reads it may make answerable.
   */
  static String oldNews(Step step, RaftState before, RaftState after, long nowTicks) {
    long term;
    if (step.message() instanceof AppendReply r) {
      term = r.term();
    } else if (step.message() instanceof SnapshotReply r) {
      term = r.term();
    } else {
      return null;
    }
    if (after == null || before.role != RaftRole.LEADER || term != before.term) {
      return null;
    }
    NodeId from = step.from();
    if (after.matchIndex.getOrDefault(from, -1L) != before.matchIndex.getOrDefault(from, -1L)
        || after.nextIndex.getOrDefault(from, -1L) != before.nextIndex.getOrDefault(from, -1L)) {
      return null;
    }
    for (Step.Sent s : step.sent()) {
      if (s.message() instanceof AppendEntries || s.message() instanceof InstallSnapshot) {
        return "sent "
            + s
            + " on "
            + step.message()
            + " from "
            + from
            + ", which moved none of its indexes";
      }
    }
    return null;
  }
}
