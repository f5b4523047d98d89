package dev.faultline.protocols.grove;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Reads the servers' {@link ReplicaView}s by their positions in {@code view.nodes()}, found once
 * per node list: the invariants read every server after every event, and looking each up by id was
 * a fifth of a 1,000-op fuzz seed's CPU.
 */
final class ReplicaReader {
  private final List<NodeId> servers;
  private List<NodeId> nodes;
  private int[] positions;

  ReplicaReader(List<NodeId> servers) {
    this.servers = List.copyOf(servers);
  }

  int size() {
    return servers.size();
  }

  /** The view of server {@code k} (in the servers' order), or null if it has no state at all. */
  ReplicaView read(SystemView view, int k) {
    List<NodeId> now = view.nodes();
    if (now != nodes) {
      nodes = now;
      positions = servers.stream().mapToInt(now::indexOf).toArray();
    }
    return ReplicaView.at(view, servers.get(k), positions[k]);
  }
}
