package dev.faultline.protocols.grove;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Reads the servers' {@link ReplicaView}s by their positions in {@code view.nodes()}, found once
 * per node list: the invariants read every server after every event, and looking each up by id was
 * a fifth of a 1,000-op fuzz seed's CPU. One reader serves all of a run's invariants: where the
 * view counts its changes ({@link SystemView#changeCount}) it builds a server's view again only
 * when a step since the last read touched that server (building one per check and server was most
 * of what a Grove fuzz seed allocated).
 */
final class ReplicaReader {
  private final List<NodeId> servers;
  private SystemView view;
  private List<NodeId> nodes;
  private int[] positions;
  private ReplicaView[] views;
  private long readAt = -1; // the view's change count when views were last brought up to date

  ReplicaReader(List<NodeId> servers) {
    this.servers = List.copyOf(servers);
  }

  int size() {
    return servers.size();
  }

  /** The view of server {@code k} (in the servers' order), or null if it has no state at all. */
  ReplicaView read(SystemView view, int k) {
    List<NodeId> now = view.nodes();
    if (now != nodes || view != this.view) {
      this.view = view;
      nodes = now;
      positions = servers.stream().mapToInt(now::indexOf).toArray();
      views = new ReplicaView[servers.size()];
      readAt = -1;
    }
    long count = view.changeCount();
    if (count < 0) {
      return ReplicaView.at(view, servers.get(k), positions[k]); // untracked: read afresh
    }
    if (count != readAt) {
      for (int j = 0; j < views.length; j++) {
        int p = positions[j];
        if (readAt < 0 || p < 0 || view.changedAt(p) > readAt) {
          views[j] = ReplicaView.at(view, servers.get(j), p);
        }
      }
      readAt = count;
    }
    return views[k];
  }
}
