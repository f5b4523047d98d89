package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.NodeId;
import java.util.List;

/**
 * What a server keeps on stable storage (Figure 2): currentTerm, votedFor, the log after the
 * snapshot, and the snapshot (null before the first compaction). Immutable: the log is a view
 * {@link RaftLog#persistedEntries()} keeps unchanged.
 */
public record RaftDurable(long term, NodeId votedFor, RaftSnapshot snapshot, List<RaftEntry> log)
    implements Durable {}
