package dev.faultline.protocols.pb;

import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import java.util.List;

/** PLACEHOLDER until the pb implementation lands (replaced by its owner). */
public final class PbSpec implements ClusterSpec {
  @Override
  public String name() {
    return "pb";
  }

  @Override
  public String description() {
    return "pb (not yet implemented)";
  }

  @Override
  public List<BugVariant> variants() {
    return List.of();
  }

  @Override
  public Cluster build(ClusterParams params) {
    throw new UnsupportedOperationException("pb is not implemented yet");
  }
}
