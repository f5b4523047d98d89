package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * What the invariants read of one replica: its live state when it is up, else what it last wrote to
 * disk (a crashed replica's durable state still counts: it comes back with it).
 *
 * @param live the live state, null while the replica is down
 */
record ReplicaView(
    NodeId id,
    long epoch,
    List<KvRequest> log,
    long ghostSealedEpoch,
    long ghostSealedIndex,
    long ghostMaxEpoch,
    ReplicaState live) {

  /**
   * The view of replica {@code id}, at {@code position} in {@code view.nodes()}, or null if it
   * never wrote anything and is down.
   */
  static ReplicaView at(SystemView view, NodeId id, int position) {
    if (position >= 0 && view.stateAt(position) instanceof ReplicaState s) {
      return new ReplicaView(
          id, s.epoch, s.log, s.ghostSealedEpoch, s.ghostSealedIndex, s.ghostMaxEpoch, s);
    }
    if ((position >= 0 ? view.durableAt(position) : view.durable(id)) instanceof ReplicaDurable d) {
      return new ReplicaView(
          id,
          d.epoch(),
          d.log(),
          d.ghostSealedEpoch(),
          d.ghostSealedIndex(),
          d.ghostMaxEpoch(),
          null);
    }
    return null;
  }

  /** True if client {@code client}'s write {@code seq} has run here (by its exactly-once table). */
  boolean hasRun(SystemView view, String client, long seq) {
    if (live != null) {
      return live.sessions.alreadyExecuted(client, seq);
    }
    ReplicaDurable d = (ReplicaDurable) view.durable(id);
    var e = d.sessions().get(client);
    return e != null && seq <= e.seq();
  }

  /** The config service's active epoch (from its disk, which always equals its live state). */
  static long activeEpoch(SystemView view, NodeId configService) {
    return view.durable(configService) instanceof ConfigState.Disk d ? d.epoch() : 0;
  }
}
