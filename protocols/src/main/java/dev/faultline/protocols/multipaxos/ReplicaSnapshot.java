package dev.faultline.protocols.multipaxos;

import com.google.common.collect.ImmutableSortedMap;
import dev.faultline.protocols.common.SessionTable;

/**
 * A replica's application state after executing every slot below {@code slotOut}: the KV map and
 * the session table (so exactly-once survives a restart or a state transfer).
 */
public record ReplicaSnapshot(
    long slotOut,
    ImmutableSortedMap<String, String> kv,
    ImmutableSortedMap<String, SessionTable.Entry> sessions) {
  public static final ReplicaSnapshot EMPTY =
      new ReplicaSnapshot(1, ImmutableSortedMap.of(), ImmutableSortedMap.of());

  static ReplicaSnapshot of(MultiPaxosState s) {
    return new ReplicaSnapshot(
        s.slotOut,
        ImmutableSortedMap.copyOf(s.kv.snapshot()),
        ImmutableSortedMap.copyOf(s.sessions.snapshot()));
  }
}
