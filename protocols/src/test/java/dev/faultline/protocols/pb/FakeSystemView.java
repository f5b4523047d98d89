package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.TreeMap;

/** A hand-built system state for invariant tests. */
final class FakeSystemView implements SystemView {
  final TreeMap<NodeId, NodeState<?>> states = new TreeMap<>();

  FakeSystemView put(String node, NodeState<?> state) {
    states.put(NodeId.of(node), state);
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
    return states.get(node) != null;
  }

  @Override
  public NodeState<?> state(NodeId node) {
    return states.get(node);
  }

  @Override
  public Durable durable(NodeId node) {
    return null;
  }

  @Override
  public List<HistoryEvent> history() {
    return List.of();
  }
}
