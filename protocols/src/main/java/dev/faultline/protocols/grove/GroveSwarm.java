package dev.faultline.protocols.grove;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.rand.Rng;
import dev.faultline.sim.world.ClockConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the swarm fuzzer draws for Grove: reconfigurations at random ticks to random server sets
 * (besides the ones the admin's watchdog starts after failures), a lease length, and clock skews on
 * the replicas and the config service, within the clocks' uncertainty (default) or beyond it
 * ({@code swarmClock=beyond}: the lease promise is void).
 */
final class GroveSwarm {
  private GroveSwarm() {}

  static SortedMap<String, String> options(Rng rng, List<NodeId> servers, long durationTicks) {
    SortedMap<String, String> o = new TreeMap<>();
    if (durationTicks > 600 && rng.chance(0.7)) {
      int steps = 1 + rng.nextInt(3);
      List<String> parts = new ArrayList<>();
      long tick = 0;
      for (int k = 0; k < steps; k++) {
        tick = rng.nextLong(tick + 50, Math.max(tick + 51, durationTicks - 200));
        parts.add(tick + ":" + String.join(",", names(randomSet(rng, servers))));
      }
      o.put("reconfig", String.join(";", parts));
    }
    long lease = List.of(40L, 100L, 300L).get(rng.nextInt(3));
    if (lease != 100) {
      o.put("leaseTicks", Long.toString(lease));
      o.put("renewTicks", Long.toString(lease / 3));
    }
    return o;
  }

  /** A random non-empty subset in random order (its first server is the primary). */
  private static List<NodeId> randomSet(Rng rng, List<NodeId> servers) {
    List<NodeId> pool = new ArrayList<>(servers);
    int size = 1 + rng.nextInt(servers.size());
    List<NodeId> out = new ArrayList<>();
    while (out.size() < size) {
      out.add(pool.remove(rng.nextInt(pool.size())));
    }
    return out;
  }

  private static List<String> names(List<NodeId> ids) {
    return ids.stream().map(NodeId::name).toList();
  }

  /**
   * On about half the seeds, 1-6 skews of the replicas' and the config service's clocks: within the
   * default uncertainty (|offset| &lt;= epsilon, where every reading still contains true time), or,
   * with {@code swarmClock=beyond}, 2 epsilon to 2 epsilon + a lease beyond it.
   */
  static List<ScheduledFault> clockFaults(
      Rng rng,
      SortedMap<String, String> options,
      List<NodeId> servers,
      NodeId configService,
      long durationTicks) {
    List<ScheduledFault> out = new ArrayList<>();
    if (durationTicks < 10 || !rng.chance(0.5)) {
      return out;
    }
    long eps = ClockConfig.DEFAULT.uncertaintyTicks();
    boolean beyond = "beyond".equals(options.get("swarmClock"));
    long lease = Long.parseLong(options.getOrDefault("leaseTicks", "100"));
    List<NodeId> nodes = new ArrayList<>(servers);
    nodes.add(configService);
    int count = 1 + rng.nextInt(6);
    for (int k = 0; k < count; k++) {
      long at = rng.nextLong(0, durationTicks - 1);
      NodeId node = nodes.get(rng.nextInt(nodes.size()));
      long offset =
          beyond
              ? (rng.chance(0.5) ? -1 : 1) * rng.nextLong(2 * eps, 2 * eps + lease)
              : rng.nextLong(-eps, eps);
      out.add(new ScheduledFault(at, new Fault.ClockSkew(node, offset)));
    }
    return out;
  }
}
