package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.NodeId;

/**
 * A replica's application state after executing every slot below {@code slotOut}: the KV map and
 * the session table (so exactly-once survives a restart or a state transfer), and the acceptor
 * configurations from the slot where each takes effect ({@link Configs}).
 */
public record ReplicaSnapshot(
    long slotOut,
    ImmutableSortedMap<String, String> kv,
    ImmutableSortedMap<String, SessionTable.Entry> sessions,
    ImmutableSortedMap<Long, ImmutableSortedSet<NodeId>> configs) {
  /** Nothing executed yet, under the initial configuration {@code members}. */
  static ReplicaSnapshot empty(ImmutableSortedSet<NodeId> members) {
    return new ReplicaSnapshot(
        1, ImmutableSortedMap.of(), ImmutableSortedMap.of(), ImmutableSortedMap.of(1L, members));
  }

  static ReplicaSnapshot of(MultiPaxosState s) {
    return new ReplicaSnapshot(
        s.slotOut,
        ImmutableSortedMap.copyOf(s.kv.snapshot()),
        ImmutableSortedMap.copyOf(s.sessions.snapshot()),
        ImmutableSortedMap.copyOf(s.configs));
  }
}
