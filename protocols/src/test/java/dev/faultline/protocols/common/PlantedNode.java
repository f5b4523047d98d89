package dev.faultline.protocols.common;

import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.api.Timer;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A correct protocol with a bug planted at one node: the node's incoming messages pass through
 * {@code rewrite} (null: dropped) before its correct handler sees them. Same invariants, EVENTUALLY
 * properties and progress-limit causes as the protocol, so a test shows a check catching the
 * planted bug while the protocol code stays correct.
 */
public record PlantedNode(ClusterSpec spec, NodeId node, UnaryOperator<Message> rewrite)
    implements ClusterSpec {

  /** {@code p} with this spec in place of the protocol's own. */
  public RunPlan on(RunPlan p) {
    return new RunPlan(
        this,
        p.params(),
        p.name(),
        p.seed(),
        p.network(),
        p.clock(),
        p.faults(),
        p.durationTicks(),
        p.stabilizeTicks(),
        p.maxEvents());
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public String description() {
    return spec.name() + " with a bug planted at " + node;
  }

  @Override
  public List<BugVariant> variants() {
    return List.of();
  }

  @Override
  public Cluster build(ClusterParams params) {
    Cluster c = spec.build(params);
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>(c.nodes());
    nodes.put(node, rewriting(nodes.get(node)));
    return new Cluster(nodes, c.servers(), c.clients(), c.invariants());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Protocol<?, ?, ?> rewriting(Protocol<?, ?, ?> correct) {
    return new Rewriting((Protocol) correct, rewrite);
  }

  @Override
  public List<Invariant> eventually(ClusterParams params) {
    return spec.eventually(params);
  }

  @Override
  public String limitAtEnd(SystemView view, NodeId id, String declared) {
    return spec.limitAtEnd(view, id, declared);
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
