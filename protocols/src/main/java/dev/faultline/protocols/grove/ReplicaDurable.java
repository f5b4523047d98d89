package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.SessionTable;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.SortedMap;

/**
 * What a replica keeps on disk: its epoch and that epoch's configuration, the sealed flag, and the
 * state machine (op log, KV map, exactly-once table). A backup writes it before acknowledging an
 * op, the primary before acknowledging a commit to clients, every server before answering GetState
 * or SetState. The ghost fields are never read by the protocol: the epoch and log length at which
 * GetState last took this server's state, and the highest epoch it ever entered (for invariants).
 */
public record ReplicaDurable(
    long epoch,
    List<NodeId> servers,
    boolean sealed,
    List<KvRequest> log,
    SortedMap<String, String> kv,
    SortedMap<String, SessionTable.Entry> sessions,
    long ghostSealedEpoch,
    long ghostSealedIndex,
    long ghostMaxEpoch)
    implements Durable {
  public ReplicaDurable {
    servers = List.copyOf(servers);
    log = List.copyOf(log);
  }
}
