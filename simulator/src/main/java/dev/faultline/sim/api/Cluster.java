package dev.faultline.sim.api;

import java.util.List;
import java.util.SortedMap;

/**
 * A runnable system: every node with its behaviour, which nodes are servers (fault targets) and
 * clients (history writers), and fresh invariants for this run. Other nodes (a view server, an
 * admin) are in {@code nodes} only.
 */
public record Cluster(
    SortedMap<NodeId, Protocol<?, ?, ?>> nodes,
    List<NodeId> servers,
    List<NodeId> clients,
    List<Invariant> invariants) {

  public Cluster {
    nodes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(nodes));
    servers = List.copyOf(servers);
    clients = List.copyOf(clients);
    invariants = List.copyOf(invariants);
    for (NodeId id : servers) {
      if (!nodes.containsKey(id)) {
        throw new IllegalArgumentException("server " + id + " is not a node");
      }
    }
    for (NodeId id : clients) {
      if (!nodes.containsKey(id)) {
        throw new IllegalArgumentException("client " + id + " is not a node");
      }
    }
  }
}
