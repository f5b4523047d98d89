package dev.faultline.protocols.common;

import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.function.UnaryOperator;

/**
 * A bug planted at one node of a correct protocol: the node's incoming messages pass through {@code
 * rewrite} (null: dropped) before its correct handler sees them.
 */
public final class PlantedNode {
  private PlantedNode() {}

  /** {@code spec} with {@code node}'s incoming messages rewritten. */
  public static PlantedSpec at(ClusterSpec spec, NodeId node, UnaryOperator<Message> rewrite) {
    return new PlantedSpec(
        spec,
        spec.name() + " with a bug planted at " + node,
        (nodes, servers) -> nodes.put(node, rewriting(nodes.get(node), rewrite)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Protocol<?, ?, ?> rewriting(
      Protocol<?, ?, ?> correct, UnaryOperator<Message> rewrite) {
    return new Rewriting((Protocol) correct, rewrite);
  }

  private record Rewriting<S extends NodeState<S>, M extends Message, T extends Timer>(
      Protocol<S, M, T> correct, UnaryOperator<M> rewrite) implements Protocol<S, M, T> {
    @Override
    public S init(NodeId self, Durable durable, Effects<M, T> out) {
      return correct.init(self, durable, out);
    }

    @Override
    public void onMessage(S s, NodeId from, M m, Effects<M, T> out) {
      M seen = rewrite.apply(m);
      if (seen != null) {
        correct.onMessage(s, from, seen, out);
      }
    }

    @Override
    public void onTimer(S s, T t, Effects<M, T> out) {
      correct.onTimer(s, t, out);
    }
  }
}
