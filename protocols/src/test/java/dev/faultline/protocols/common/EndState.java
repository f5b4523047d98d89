package dev.faultline.protocols.common;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.TreeMap;

/**
 * A hand-made end of a run, for tests of EVENTUALLY properties: the live nodes' states and the
 * nodes' disks. A node without a state is down.
 */
public final class EndState implements SystemView {
  private final TreeMap<NodeId, NodeState<?>> states = new TreeMap<>();
  private final TreeMap<NodeId, Durable> disks = new TreeMap<>();

  public EndState up(String node, NodeState<?> state) {
    states.put(NodeId.of(node), state);
    return this;
  }

  public EndState disk(String node, Durable durable) {
    disks.put(NodeId.of(node), durable);
    return this;
  }

  @Override
  public long tick() {
    return 0;
  }

  @Override
  public List<NodeId> nodes() {
    return List.copyOf(states.keySet());
  }

  @Override
  public boolean isUp(NodeId node) {
    return states.containsKey(node);
  }

  @Override
  public NodeState<?> state(NodeId node) {
    return states.get(node);
  }

  @Override
  public Durable durable(NodeId node) {
    return disks.get(node);
  }

  @Override
  public List<HistoryEvent> history() {
    return List.of();
  }
}
