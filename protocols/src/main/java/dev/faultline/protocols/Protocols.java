package dev.faultline.protocols;

import dev.faultline.sim.api.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The one protocol registry: every command (list, run, fuzz, shrink, explore, report), the contract
 * suite and every test find protocols here. A protocol registers with ONE line, its {@link
 * ClusterSpec} class name in a {@code META-INF/services/dev.faultline.sim.api.ClusterSpec} file on
 * the classpath: this module's own file lists the testbed's protocols, and a user's jar or a test
 * source set (the toy protocol of the scenario tests) adds its own the same way.
 *
 * <p>Order is the classpath's (within a file, line order); when two entries share a name the first
 * wins. The list is read once per JVM: specs are stateless factories.
 */
public final class Protocols {
  private Protocols() {}

  private static final class Loaded {
    static final List<ClusterSpec> ALL = load();

    private static List<ClusterSpec> load() {
      List<ClusterSpec> all = new ArrayList<>();
      for (ClusterSpec spec :
          ServiceLoader.load(ClusterSpec.class, Protocols.class.getClassLoader())) {
        if (all.stream().noneMatch(s -> s.name().equals(spec.name()))) {
          all.add(spec);
        }
      }
      return List.copyOf(all);
    }
  }

  /** Every registered protocol. */
  public static List<ClusterSpec> all() {
    return Loaded.ALL;
  }

  /** The registered names, in registry order. */
  public static List<String> names() {
    return all().stream().map(ClusterSpec::name).toList();
  }

  /** The protocol named {@code name}, or null. */
  public static ClusterSpec find(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  /** The protocol named {@code name}, or an error listing the known names. */
  public static ClusterSpec byName(String name) {
    ClusterSpec spec = find(name);
    if (spec == null) {
      throw new IllegalArgumentException(
          "unknown protocol '" + name + "' (known: " + names() + ")");
    }
    return spec;
  }
}
