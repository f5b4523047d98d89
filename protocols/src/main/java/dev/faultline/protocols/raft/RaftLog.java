package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.InMemorySink;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A server's log after its snapshot: entry i (1-based) is at position i - baseIndex - 1. The
 * snapshot's (lastIncludedIndex, lastIncludedTerm) stands in as the entry at baseIndex, so the
 * consistency check still works at the boundary. Mutable; copied by the explorer.
 *
 * <p>Copies share the entry array until one of them writes (copy-on-write): the explorer copies a
 * node's whole state on every step, and most steps (heartbeats, votes, replies) leave the log as it
 * was. The log also counts where entries were removed from its tail ({@link #truncationCount()}),
 * so the incremental LogMatching check knows which part of a log it has already compared is still
 * there.
 */
public final class RaftLog {
  private static final RaftEntry[] NO_ENTRIES = new RaftEntry[0];
  private static final long[] NO_TRUNCATIONS = new long[0];

  private long baseIndex;
  private long baseTerm;
  private RaftEntry[] entries;
  private int size;
  // True while another RaftLog may hold the same array: copy before the next write.
  private boolean shared;
  // Slots [0, frozen) of the array are seen by a persisted view (persistedEntries): writing one
  // needs a copy first; appending above them does not (no view sees those slots).
  private int frozen;
  // Index of the newest configuration entry; -1: none in the log; -2: not yet computed.
  private long configIndexCache = -2;
  // Ghost (not fingerprinted, not copied): the lowest index each tail removal began at, in order.
  private long[] truncatedFrom = NO_TRUNCATIONS;
  private int truncations;

  public RaftLog(long baseIndex, long baseTerm, List<RaftEntry> entries) {
    this.baseIndex = baseIndex;
    this.baseTerm = baseTerm;
    this.entries = entries.toArray(NO_ENTRIES);
    this.size = this.entries.length;
  }

  private RaftLog(long baseIndex, long baseTerm, RaftEntry[] entries, int size, long configIndex) {
    this.baseIndex = baseIndex;
    this.baseTerm = baseTerm;
    this.entries = entries;
    this.size = size;
    this.shared = true;
    this.configIndexCache = configIndex;
  }

  /** An equal log sharing this one's entries until either writes. O(1). */
  public RaftLog copy() {
    if (!shared) { // no store into a shared log: the explorer's threads copy it at once
      shared = true;
    }
    return new RaftLog(baseIndex, baseTerm, entries, size, configIndexCache);
  }

  public long baseIndex() {
    return baseIndex;
  }

  public long baseTerm() {
    return baseTerm;
  }

  public long lastIndex() {
    return baseIndex + size;
  }

  public long lastTerm() {
    return size == 0 ? baseTerm : entries[size - 1].term();
  }

  /** True if index is in (baseIndex, lastIndex]. */
  public boolean has(long index) {
    return index > baseIndex && index <= baseIndex + size;
  }

  /** Term at index; baseTerm at baseIndex; -1 if compacted away or beyond the end. */
  public long termAt(long index) {
    if (index == baseIndex) {
      return baseTerm;
    }
    return has(index) ? entries[(int) (index - baseIndex - 1)].term() : -1;
  }

  public RaftEntry entryAt(long index) {
    if (!has(index)) {
      throw new IndexOutOfBoundsException(
          "index " + index + " not in (" + baseIndex + ", " + lastIndex() + "]");
    }
    return entries[(int) (index - baseIndex - 1)];
  }

  public void append(RaftEntry e) {
    if (shared || size == entries.length || size < frozen) {
      entries = Arrays.copyOf(entries, Math.max(8, size + (size >> 1) + 1));
      shared = false;
      frozen = 0;
    }
    entries[size++] = e;
    if (e.command() instanceof RaftCommand.ConfigCommand) {
      configIndexCache = lastIndex();
    }
  }

  /** Deletes the entry at {@code index} and everything after it. */
  public void truncateFrom(long index) {
    if (index <= baseIndex) {
      throw new IllegalArgumentException("cannot truncate compacted index " + index);
    }
    if (index > lastIndex()) {
      return;
    }
    noteTruncation(index);
    int keep = (int) (index - baseIndex - 1);
    if (shared || keep < frozen) {
      entries = Arrays.copyOf(entries, Math.max(8, keep + 1));
      shared = false;
      frozen = 0;
    } else {
      Arrays.fill(entries, keep, size, null);
    }
    size = keep;
    configIndexCache = -2;
  }

  /** Entries in [from, toInclusive], bounded by what the log holds. */
  public ImmutableList<RaftEntry> slice(long from, long toInclusive) {
    long lo = Math.max(from, baseIndex + 1);
    long hi = Math.min(toInclusive, lastIndex());
    if (lo > hi) {
      return ImmutableList.of();
    }
    int from0 = (int) (lo - baseIndex - 1);
    int to0 = (int) (hi - baseIndex);
    if (to0 - from0 == 1) {
      return ImmutableList.of(entries[from0]); // what copyOf makes of one element, without arrays
    }
    // copyOf(Collection) copies once (copyOf of a copied range copied twice); the same list.
    return ImmutableList.copyOf(Arrays.asList(entries).subList(from0, to0));
  }

  /** Discards entries up to and including {@code index}, which becomes the new base. */
  public void compactTo(long index, long term) {
    if (index <= baseIndex) {
      return;
    }
    if (index >= lastIndex()) {
      entries = NO_ENTRIES;
      size = 0;
    } else {
      int drop = (int) (index - baseIndex);
      entries = Arrays.copyOfRange(entries, drop, Math.max(size, drop + 8));
      size -= drop;
    }
    shared = false;
    frozen = 0;
    baseIndex = index;
    baseTerm = term;
    configIndexCache = -2;
  }

  /** Replaces everything with an empty log based at a snapshot. */
  public void resetTo(long index, long term) {
    noteTruncation(0); // every entry may be different afterwards
    entries = NO_ENTRIES;
    size = 0;
    shared = false;
    frozen = 0;
    baseIndex = index;
    baseTerm = term;
    configIndexCache = -2;
  }

  /**
   * The entries as an immutable list for stable storage, in O(1): a view of this log's array that
   * later appends leave alone (they write above it) and that truncation or compaction detach from
   * (they copy the array first). Persisting after every append used to copy the whole log.
   */
  /**
   * Writes {@code list} as {@code Fingerprints.put} does (to the explorer's in-memory sink, as
   * {@link #putEntries} does): a persisted view's array directly, any other list through the
   * generic path.
   */
  static void putEntryList(PrimitiveSink sink, List<RaftEntry> list) {
    if (list instanceof FrozenEntries frozen) {
      frozen.fingerprint(sink);
    } else if (sink instanceof InMemorySink) {
      // As putEntries writes an array to it: an equal list (a durable state the symmetry reduction
      // renamed) must write the same words as a persisted view.
      sink.putByte((byte) 10).putInt(list.size());
      for (RaftEntry e : list) {
        putEntryInMemory(sink, e);
      }
    } else {
      Fingerprints.put(sink, list);
    }
  }

  public List<RaftEntry> persistedEntries() {
    frozen = Math.max(frozen, size);
    return new FrozenEntries(entries, size);
  }

  /** An unmodifiable prefix of an array no one writes below {@code size} any more. */
  private static final class FrozenEntries extends AbstractList<RaftEntry> implements RandomAccess {
    private final RaftEntry[] entries;
    private final int size;

    void fingerprint(PrimitiveSink sink) {
      putEntries(sink, entries, size);
    }

    FrozenEntries(RaftEntry[] entries, int size) {
      this.entries = entries;
      this.size = size;
    }

    @Override
    public RaftEntry get(int index) {
      Objects.checkIndex(index, size);
      return entries[index];
    }

    @Override
    public int size() {
      return size;
    }
  }

  public ImmutableList<RaftEntry> entries() {
    // Array copies (the sub-list view of a larger array would be copied element by element).
    return ImmutableList.copyOf(size == entries.length ? entries : Arrays.copyOf(entries, size));
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

  // ------------------------------------------------------------------ ghost: tail removals

  private void noteTruncation(long index) {
    if (truncations == truncatedFrom.length) {
      truncatedFrom = Arrays.copyOf(truncatedFrom, Math.max(4, truncations * 2));
    }
    truncatedFrom[truncations++] = index;
  }

  /**
   * How many times entries were removed from this log's tail (truncation, or a reset to a
   * snapshot). With {@link #lowestTruncatedSince}, a reader that remembers this count knows which
   * entries it saw are unchanged. Compaction is not counted: it removes entries from the front,
   * leaving every remaining index with the same entry.
   */
  public int truncationCount() {
    return truncations;
  }

  /**
   * The lowest index from which entries were removed since the reader saw {@code count}
   * truncations, or {@link Long#MAX_VALUE} if none: every entry below it is the one the reader saw
   * (appends only add entries above the old last index).
   */
  public long lowestTruncatedSince(int count) {
    long lowest = Long.MAX_VALUE;
    for (int i = count; i < truncations; i++) {
      lowest = Math.min(lowest, truncatedFrom[i]);
    }
    return lowest;
  }

  // ------------------------------------------------------------------ fingerprint

  private static final String ENTRY = RaftEntry.class.getName();
  private static final String CLIENT = RaftCommand.ClientCommand.class.getName();
  private static final String NO_OP = RaftCommand.NoOp.class.getName();

  /**
   * Writes exactly the bytes {@code Fingerprints.put(sink, baseIndex/baseTerm, entryList)} wrote (a
   * list of records: tag 10, size, then per record tag 8, class name, components), without the
   * generic path's per-component reflection; configuration entries still go through it.
   */
  /**
   * This log with node ids inside its entries (configuration entries) renamed by {@code r}: this
   * log itself when none changes, else a new log (the symmetry reduction only fingerprints it).
   */
  RaftLog renamed(dev.faultline.sim.api.NodeRenaming r) {
    RaftEntry[] renamed = null;
    for (int i = 0; i < size; i++) {
      // Only configurations name servers (a client command's client is never renamed).
      RaftEntry e =
          entries[i].command() instanceof RaftCommand.ConfigCommand
              ? r.value(entries[i])
              : entries[i];
      if (e != entries[i] && renamed == null) {
        renamed = Arrays.copyOf(entries, size);
      }
      if (renamed != null) {
        renamed[i] = e;
      }
    }
    return renamed == null ? this : new RaftLog(baseIndex, baseTerm, Arrays.asList(renamed));
  }

  void fingerprintInto(PrimitiveSink sink) {
    sink.putLong(baseIndex).putLong(baseTerm);
    putEntries(sink, entries, size);
  }

  /**
   * Writes {@code entries[0..size)} exactly as {@code Fingerprints.put} writes a list of them (tag
   * 10, size, the records), without the generic path's reflection (a log and a server's durable
   * state share it).
   */
  static void putEntries(PrimitiveSink sink, RaftEntry[] entries, int size) {
    sink.putByte((byte) 10).putInt(size);
    boolean inMemory = sink instanceof InMemorySink;
    for (int i = 0; i < size; i++) {
      RaftEntry e = entries[i];
      if (inMemory) {
        putEntryInMemory(sink, e);
        continue;
      }
      sink.putByte((byte) 8).putString(ENTRY, StandardCharsets.UTF_8);
      sink.putByte((byte) 3).putLong(e.term());
      switch (e.command()) {
        case RaftCommand.ClientCommand c -> {
          sink.putByte((byte) 8).putString(CLIENT, StandardCharsets.UTF_8);
          Fingerprints.put(sink, c.client());
          sink.putByte((byte) 3).putLong(c.seq());
          Fingerprints.put(sink, c.f());
          Fingerprints.put(sink, c.key());
          Fingerprints.put(sink, c.value());
        }
        case RaftCommand.NoOp n -> sink.putByte((byte) 8).putString(NO_OP, StandardCharsets.UTF_8);
        case RaftCommand.ConfigCommand c -> Fingerprints.put(sink, c);
      }
    }
  }

  /**
   * An entry to the explorer's in-memory sink: its term and its command's kind (one word each, not
   * the record tags and class names), then the command's fields as the canonical encoding writes
   * them. Each kind's fields have a fixed shape, so different entries write different words.
   */
  private static void putEntryInMemory(PrimitiveSink sink, RaftEntry e) {
    sink.putLong(e.term());
    switch (e.command()) {
      case RaftCommand.NoOp n -> sink.putLong(0);
      case RaftCommand.ClientCommand c -> {
        sink.putLong(1);
        Fingerprints.put(sink, c.client());
        sink.putLong(c.seq());
        Fingerprints.put(sink, c.f());
        Fingerprints.put(sink, c.key());
        Fingerprints.put(sink, c.value());
      }
      case RaftCommand.ConfigCommand c -> {
        sink.putLong(2);
        Fingerprints.put(sink, c);
      }
    }
  }

  @Override
  public String toString() {
    return "log(base=" + baseIndex + "/" + baseTerm + ", " + entries() + ")";
  }
}
