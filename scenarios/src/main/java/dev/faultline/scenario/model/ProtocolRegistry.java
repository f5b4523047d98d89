package dev.faultline.scenario.model;

import dev.faultline.protocols.Protocols;
import dev.faultline.sim.api.ClusterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocols one reader or runner sees: the one registry ({@link Protocols}, fed by {@code
 * META-INF/services} lines) plus specs a caller hands in with {@link #with} (a JUnit fuzz test's
 * own protocol). {@link #DEFAULT} is exactly the registry; this type adds no second way to
 * register.
 */
public record ProtocolRegistry(List<ClusterSpec> specs) {
  public static final ProtocolRegistry DEFAULT = new ProtocolRegistry(List.of());

  public ProtocolRegistry {
    specs = List.copyOf(specs);
  }

  /** The extra specs first, then every registered protocol. A name seen earlier wins. */
  public List<ClusterSpec> all() {
    List<ClusterSpec> all = new ArrayList<>(specs);
    for (ClusterSpec spec : Protocols.all()) {
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
