package dev.faultline.protocols.raft;

import com.google.common.collect.ImmutableList;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.NodeId;

/**
 * What a server keeps on stable storage (Figure 2): currentTerm, votedFor, the log after the
 * snapshot, and the snapshot (null before the first compaction). Immutable.
 */
public record RaftDurable(
    long term, NodeId votedFor, RaftSnapshot snapshot, ImmutableList<RaftEntry> log)
    implements Durable {}
