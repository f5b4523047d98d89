package dev.faultline.scenario.model;

import dev.faultline.protocols.Protocols;
import dev.faultline.sim.api.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where scenario reading and running look protocols up: {@link #DEFAULT} is the testbed's {@link
 * Protocols} registry; tests (and users fuzzing their own protocol) add their own {@link
 * ClusterSpec}s with {@link #with}.
 */
public record ProtocolRegistry(List<ClusterSpec> specs) {
  public static final ProtocolRegistry DEFAULT = new ProtocolRegistry(List.of());

  public ProtocolRegistry {
    specs = List.copyOf(specs);
  }

  /**
   * Every known protocol: the extra specs first, then {@link Protocols#all()}, then any {@link
   * ClusterSpec} on the classpath registered with {@link ServiceLoader} (how a user's own protocol,
   * or a test's toy one, becomes visible to the CLI). A name seen earlier wins.
   */
  public List<ClusterSpec> all() {
    List<ClusterSpec> all = new ArrayList<>(specs);
    for (ClusterSpec spec : Protocols.all()) {
      if (all.stream().noneMatch(s -> s.name().equals(spec.name()))) {
        all.add(spec);
      }
    }
    for (ClusterSpec spec : ServiceLoader.load(ClusterSpec.class)) {
      if (all.stream().noneMatch(s -> s.name().equals(spec.name()))) {
        all.add(spec);
      }
    }
    return all;
  }

  /** The protocol named {@code name}, or null. */
  public ClusterSpec byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  public List<String> names() {
    return all().stream().map(ClusterSpec::name).toList();
  }

  public ProtocolRegistry with(ClusterSpec spec) {
    List<ClusterSpec> more = new ArrayList<>(specs);
    more.add(spec);
    return new ProtocolRegistry(more);
  }
}
