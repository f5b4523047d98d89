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
 * ({@code swarmClock=beyond}: the lease promise is void), lease-edge episodes, and on half the
 * seeds an admin that seals a backup rather than always the old primary ({@code stateFrom=rotate}).
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
    if (durationTicks > 600 && rng.chance(LEASE_EDGE_CHANCE)) {
      leaseEdge(rng, servers, durationTicks, o);
    }
    if (rng.chance(0.5)) {
      // Seal a backup, not always the old primary (drawn last: other draws stay as they were).
      o.put("stateFrom", "rotate");
    }
    return o;
  }

  /** Seeds that draw a lease-edge episode (drawn last, so other seeds draw as before). */
  static final double LEASE_EDGE_CHANCE = 0.3;

  /**
   * A lease-edge episode: the first configuration is one server, which alone holds the lease and
   * serves every read; the first reconfiguration, early, moves to other servers only; leases are
   * short (40 ticks, renewed every 13), so the last lease granted ends close to the moment the
   * config service activates the new epoch. With the clocks at the edges of their uncertainty
   * ({@link #faults}), a read at the old server lands inside the window where a wrong clock bound
   * serves it after the activation.
   */
  private static void leaseEdge(
      Rng rng, List<NodeId> servers, long durationTicks, SortedMap<String, String> o) {
    NodeId old = servers.get(rng.nextInt(servers.size()));
    List<NodeId> others = new ArrayList<>(servers);
    others.remove(old);
    List<String> steps = new ArrayList<>();
    long tick = rng.nextLong(150, 400);
    steps.add(tick + ":" + String.join(",", names(randomSet(rng, others))));
    if (rng.chance(0.5)) {
      tick = rng.nextLong(tick + 100, Math.max(tick + 101, durationTicks - 200));
      steps.add(tick + ":" + String.join(",", names(randomSet(rng, servers))));
    }
    o.put("swarmLeaseEdge", "true");
    o.put("initialServers", old.name());
    o.put("reconfig", String.join(";", steps));
    o.put("leaseTicks", "40");
    o.put("renewTicks", "13");
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

  /** The protocol's own faults for one seed: clock skews, then reboots right after a seal. */
  static List<ScheduledFault> faults(
      Rng rng,
      SortedMap<String, String> options,
      List<NodeId> servers,
      NodeId configService,
      long durationTicks) {
    List<ScheduledFault> out = new ArrayList<>();
    if (durationTicks < 10) {
      return out;
    }
    if ("true".equals(options.get("swarmLeaseEdge"))) {
      edgeClocks(options, servers, configService, out); // a lease-edge episode
    } else if (rng.chance(0.6)) {
      clockFaults(rng, options, servers, configService, durationTicks, out);
    }
    if (rng.chance(0.4)) {
      // A server that has just been sealed (GetState took its state) reboots at once: its sealed
      // flag must come back from disk.
      int count = 1 + rng.nextInt(4);
      for (int k = 0; k < count; k++) {
        long at = rng.nextLong(0, durationTicks - 1);
        out.add(
            new ScheduledFault(
                at, new Fault.RebootAfterAnnotation(GroveReplica.SEALED, rng.nextLong(0, 8))));
      }
    }
    return out;
  }

  /**
   * Skews of the replicas' and the config service's clocks, often to the edge: within the default
   * uncertainty (|offset| &lt;= epsilon, so every reading still contains true time; the adversary
   * puts true time at either end of a node's interval, differently per node), or, with {@code
   * swarmClock=beyond}, from 2 epsilon to 2 epsilon + a lease beyond it. Half the time the config
   * service starts ahead and the replicas behind, the order in which a wrong bound shows.
   */
  private static void clockFaults(
      Rng rng,
      SortedMap<String, String> options,
      List<NodeId> servers,
      NodeId configService,
      long durationTicks,
      List<ScheduledFault> out) {
    long eps = ClockConfig.DEFAULT.uncertaintyTicks();
    boolean beyond = "beyond".equals(options.get("swarmClock"));
    long lease = Long.parseLong(options.getOrDefault("leaseTicks", "100"));
    if (rng.chance(0.5)) {
      out.add(
          new ScheduledFault(
              0, new Fault.ClockSkew(configService, skew(rng, eps, beyond, lease, 1))));
      for (NodeId n : servers) {
        out.add(new ScheduledFault(0, new Fault.ClockSkew(n, skew(rng, eps, beyond, lease, -1))));
      }
    }
    List<NodeId> nodes = new ArrayList<>(servers);
    nodes.add(configService);
    int count = rng.nextInt(6);
    for (int k = 0; k < count; k++) {
      long at = rng.nextLong(0, durationTicks - 1);
      NodeId node = nodes.get(rng.nextInt(nodes.size()));
      int sign = rng.chance(0.5) ? -1 : 1;
      out.add(
          new ScheduledFault(at, new Fault.ClockSkew(node, skew(rng, eps, beyond, lease, sign))));
    }
  }

  /**
   * The lease-edge episode's clocks, from tick 0 and never moved again: the config service at the
   * far edge ahead (its lower bound is true time) and every replica at the far edge behind (its
   * upper bound is true time), by exactly epsilon; with {@code swarmClock=beyond}, by 2 epsilon.
   */
  private static void edgeClocks(
      SortedMap<String, String> options,
      List<NodeId> servers,
      NodeId configService,
      List<ScheduledFault> out) {
    long eps = ClockConfig.DEFAULT.uncertaintyTicks();
    long skew = "beyond".equals(options.get("swarmClock")) ? 2 * eps : eps;
    out.add(new ScheduledFault(0, new Fault.ClockSkew(configService, skew)));
    for (NodeId n : servers) {
      out.add(new ScheduledFault(0, new Fault.ClockSkew(n, -skew)));
    }
  }

  /** An offset of sign {@code sign}: at the edge of epsilon half the time, or beyond it. */
  private static long skew(Rng rng, long eps, boolean beyond, long lease, int sign) {
    if (beyond) {
      return sign * rng.nextLong(2 * eps, 2 * eps + lease);
    }
    return sign * (rng.chance(0.5) ? eps : rng.nextLong(0, eps));
  }
}
