package dev.faultline.protocols.common;

import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A correct protocol with a bug planted by replacing some of its nodes ({@code plant} edits the
 * built node map, given the servers). Same invariants, EVENTUALLY properties and progress-limit
 * causes as the protocol, so a test shows a check catching the planted bug while the protocol code
 * stays correct.
 */
public record PlantedSpec(
    ClusterSpec spec,
    String description,
    BiConsumer<TreeMap<NodeId, Protocol<?, ?, ?>>, List<NodeId>> plant)
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
  public List<BugVariant> variants() {
    return List.of();
  }

  @Override
  public Cluster build(ClusterParams params) {
    Cluster c = spec.build(params);
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>(c.nodes());
    plant.accept(nodes, c.servers());
    return new Cluster(nodes, c.servers(), c.clients(), c.invariants());
  }

  @Override
  public List<Invariant> eventually(ClusterParams params) {
    return spec.eventually(params);
  }

  @Override
  public SettledLatency settledLatency(ClusterParams params) {
    return spec.settledLatency(params);
  }

  @Override
  public SettledLatency calmLatency(ClusterParams params) {
    return spec.calmLatency(params);
  }

  @Override
  public int stateFidelityEvery() {
    return spec.stateFidelityEvery();
  }

  @Override
  public String limitAtEnd(SystemView view, NodeId id, String declared) {
    return spec.limitAtEnd(view, id, declared);
  }
}
