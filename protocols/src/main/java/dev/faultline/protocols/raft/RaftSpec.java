package dev.faultline.protocols.raft;

import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import java.util.List;

/** PLACEHOLDER until the raft implementation lands (replaced by its owner). */
public final class RaftSpec implements ClusterSpec {
  @Override
  public String name() {
    return "raft";
  }

  @Override
  public String description() {
    return "raft (not yet implemented)";
  }

  @Override
  public List<BugVariant> variants() {
    return List.of();
  }

  @Override
  public Cluster build(ClusterParams params) {
    throw new UnsupportedOperationException("raft is not implemented yet");
  }
}
