package dev.faultline.protocols.raft;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a server keeps on stable storage (Figure 2): currentTerm, votedFor, the log after the
 * snapshot, and the snapshot (null before the first compaction). Immutable: the log is a view
 * {@link RaftLog#persistedEntries()} keeps unchanged.
 */
public record RaftDurable(long term, NodeId votedFor, RaftSnapshot snapshot, List<RaftEntry> log)
    implements Durable {
  private static final String NAME = RaftDurable.class.getName();

  /**
   * The bytes of {@code Fingerprints.put(sink, this)} (the record's tag and name, then each
   * component), written directly: a server persists on most steps the explorer takes, and the
   * generic path reads every component reflectively.
   */
  @Override
  public void fingerprint(PrimitiveSink sink) {
    sink.putByte((byte) 8).putString(NAME, StandardCharsets.UTF_8);
    sink.putByte((byte) 3).putLong(term);
    Fingerprints.putNode(sink, votedFor);
    Fingerprints.put(sink, snapshot);
    RaftLog.putEntryList(sink, log);
  }
}
