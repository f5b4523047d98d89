package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * A server's log after its snapshot: entry i (1-based) is at position i - baseIndex - 1. The
 * snapshot's (lastIncludedIndex, lastIncludedTerm) stands in as the entry at baseIndex, so the
 * consistency check still works at the boundary. Mutable; copied by the explorer.
 */
public final class RaftLog {
  private long baseIndex;
  private long baseTerm;
  private final ArrayList<RaftEntry> entries;
  // Index of the newest configuration entry; -1: none in the log; -2: not yet computed.
  private long configIndexCache = -2;

  public RaftLog(long baseIndex, long baseTerm, List<RaftEntry> entries) {
    this.baseIndex = baseIndex;
    this.baseTerm = baseTerm;
    this.entries = new ArrayList<>(entries);
  }

  public RaftLog copy() {
    return new RaftLog(baseIndex, baseTerm, entries);
  }

  public long baseIndex() {
    return baseIndex;
  }

  public long baseTerm() {
    return baseTerm;
  }

  public long lastIndex() {
    return baseIndex + entries.size();
  }

  public long lastTerm() {
    return entries.isEmpty() ? baseTerm : entries.get(entries.size() - 1).term();
  }

  /** True if index is in (baseIndex, lastIndex]. */
  public boolean has(long index) {
    return index > baseIndex && index <= lastIndex();
  }

  /** Term at index; baseTerm at baseIndex; -1 if compacted away or beyond the end. */
  public long termAt(long index) {
    if (index == baseIndex) {
      return baseTerm;
    }
    return has(index) ? entryAt(index).term() : -1;
  }

  public RaftEntry entryAt(long index) {
    if (!has(index)) {
      throw new IndexOutOfBoundsException(
          "index " + index + " not in (" + baseIndex + ", " + lastIndex() + "]");
    }
    return entries.get((int) (index - baseIndex - 1));
  }

  public void append(RaftEntry e) {
    entries.add(e);
    if (e.command() instanceof RaftCommand.ConfigCommand) {
      configIndexCache = lastIndex();
    }
  }

  /** Deletes the entry at {@code index} and everything after it. */
  public void truncateFrom(long index) {
    if (index <= baseIndex) {
      throw new IllegalArgumentException("cannot truncate compacted index " + index);
    }
    while (lastIndex() >= index) {
      entries.remove(entries.size() - 1);
    }
    configIndexCache = -2;
  }

  /** Entries in [from, toInclusive], bounded by what the log holds. */
  public ImmutableList<RaftEntry> slice(long from, long toInclusive) {
    long lo = Math.max(from, baseIndex + 1);
    long hi = Math.min(toInclusive, lastIndex());
    if (lo > hi) {
      return ImmutableList.of();
    }
    return ImmutableList.copyOf(
        entries.subList((int) (lo - baseIndex - 1), (int) (hi - baseIndex)));
  }

  /** Discards entries up to and including {@code index}, which becomes the new base. */
  public void compactTo(long index, long term) {
    if (index <= baseIndex) {
      return;
    }
    if (index >= lastIndex()) {
      entries.clear();
    } else {
      entries.subList(0, (int) (index - baseIndex)).clear();
    }
    baseIndex = index;
    baseTerm = term;
    configIndexCache = -2;
  }

  /** Replaces everything with an empty log based at a snapshot. */
  public void resetTo(long index, long term) {
    entries.clear();
    baseIndex = index;
    baseTerm = term;
    configIndexCache = -2;
  }

  public ImmutableList<RaftEntry> entries() {
    return ImmutableList.copyOf(entries);
  }

  /** First index of the run of entries with {@code term} that ends at {@code index}. */
  public long firstIndexOfTermAt(long index) {
    long term = termAt(index);
    long i = index;
    while (i - 1 > baseIndex && termAt(i - 1) == term) {
      i--;
    }
    return i;
  }

  /** The newest configuration entry at or before {@code index}, or null. */
  public Membership membershipAt(long index) {
    for (long i = Math.min(index, lastIndex()); i > baseIndex; i--) {
      if (entryAt(i).command() instanceof RaftCommand.ConfigCommand c) {
        return c.membership();
      }
    }
    return null;
  }

  /** Index of the newest configuration entry, or -1 if none is in the log. */
  public long lastConfigIndex() {
    if (configIndexCache == -2) {
      configIndexCache = -1;
      for (long i = lastIndex(); i > baseIndex; i--) {
        if (entryAt(i).command() instanceof RaftCommand.ConfigCommand) {
          configIndexCache = i;
          break;
        }
      }
    }
    return configIndexCache;
  }

  /** The newest configuration in the log, or null. */
  public Membership lastMembership() {
    long i = lastConfigIndex();
    return i < 0 ? null : ((RaftCommand.ConfigCommand) entryAt(i).command()).membership();
  }

  void fingerprintInto(com.google.common.hash.PrimitiveSink sink) {
    sink.putLong(baseIndex).putLong(baseTerm);
    dev.faultline.sim.api.Fingerprints.put(sink, entries);
  }

  @Override
  public String toString() {
    return "log(base=" + baseIndex + "/" + baseTerm + ", " + entries + ")";
  }
}
