package dev.faultline.protocols.vr;

import dev.faultline.sim.api.BooleanOption;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A VR cluster's configuration: the replicas in the one agreed order (primary of view v is {@code
 * servers[v mod N]}), the bug variant (null: correct), the persistence model and the timing, in
 * ticks (the kernel's default latency is 1-5 ticks).
 *
 * @param durableView false: the paper's model (only a boot count on disk; a restarted replica runs
 *     recovery); true: view, log and commit number are persisted and recovery is skipped
 */
public record VrConfig(
    List<NodeId> servers,
    VrBug bug,
    boolean durableView,
    long commitIntervalTicks,
    long viewTimeoutTicksMin,
    long viewTimeoutTicksMax,
    long resendTicks,
    long clientRetryTicks) {

  /** Every option a scenario may set, with its default. */
  public static final Map<String, String> OPTIONS =
      Map.of(
          "durableView", "false",
          "commitIntervalTicks", "20",
          "viewTimeoutTicksMin", "100",
          "viewTimeoutTicksMax", "200",
          "resendTicks", "25",
          "clientRetryTicks", "100");

  public VrConfig {
    servers = List.copyOf(servers);
    if (commitIntervalTicks < 1
        || viewTimeoutTicksMin <= commitIntervalTicks
        || viewTimeoutTicksMax < viewTimeoutTicksMin
        || resendTicks < 1
        || clientRetryTicks < 1) {
      throw new IllegalArgumentException(
          "vr timing must satisfy 1 <= commitIntervalTicks < viewTimeoutTicksMin <="
              + " viewTimeoutTicksMax, resendTicks >= 1, clientRetryTicks >= 1");
    }
  }

  static VrConfig from(List<NodeId> servers, String variant, Map<String, String> options) {
    Set<String> unknown = new java.util.TreeSet<>(options.keySet());
    unknown.removeAll(OPTIONS.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown vr option(s) "
              + unknown
              + " (known: "
              + new java.util.TreeSet<>(OPTIONS.keySet())
              + ")");
    }
    return new VrConfig(
        servers,
        VrBug.parse(variant),
        BooleanOption.parse(options, "vr", "durableView", false),
        ticks(options, "commitIntervalTicks"),
        ticks(options, "viewTimeoutTicksMin"),
        ticks(options, "viewTimeoutTicksMax"),
        ticks(options, "resendTicks"),
        ticks(options, "clientRetryTicks"));
  }

  private static long ticks(Map<String, String> options, String name) {
    String v = options.getOrDefault(name, OPTIONS.get(name));
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "vr option " + name + " must be a number, was '" + v + "'");
    }
  }

  /**
   * The quorum: a majority of the replicas, f+1 for N = 2f+1 (the paper's "f PREPAREOKs plus the
   * primary", "f+1 DOVIEWCHANGEs"). For an even N it is N/2+1, so any two quorums still intersect.
   */
  int quorum() {
    return servers.size() / 2 + 1;
  }

  /** The primary of {@code view} as {@code self} computes it. */
  NodeId primaryOf(long view, NodeId self) {
    List<NodeId> order = servers;
    if (bug == VrBug.V7) {
      order = new java.util.ArrayList<>(servers); // V7: a local list with itself first
      order.remove(self);
      order.add(0, self);
    }
    return order.get((int) (view % order.size()));
  }
}
