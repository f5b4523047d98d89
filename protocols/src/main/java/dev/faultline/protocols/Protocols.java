package dev.faultline.protocols;

import dev.faultline.sim.api.ClusterSpec;
import java.util.List;

/** Every protocol the testbed knows, by its CLI name. */
public final class Protocols {
  private Protocols() {}

  public static List<ClusterSpec> all() {
    return List.of(
        new dev.faultline.protocols.raft.RaftSpec(),
        new dev.faultline.protocols.pb.PbSpec(),
        new dev.faultline.protocols.vr.VrSpec());
  }

  /** The protocol named {@code name}, or an error listing the known names. */
  public static ClusterSpec byName(String name) {
    for (ClusterSpec spec : all()) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    throw new IllegalArgumentException(
        "unknown protocol '"
            + name
            + "' (known: "
            + all().stream().map(ClusterSpec::name).toList()
            + ")");
  }
}
