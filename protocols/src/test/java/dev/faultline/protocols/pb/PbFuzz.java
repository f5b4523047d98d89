package dev.faultline.protocols.pb;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A seeded random fault plan and workload for pb, run through the shared run semantics ({@link
 * ClusterRun}); a stand-in for the swarm fuzzer: each seed picks its own mix of network faults
 * (swarm style: some seeds have none of a kind) and a timeline of crashes, restarts, partitions,
 * one-way blocks, held and dropped messages; then everything is healed and restarted at
 * durationTicks, and the cluster must finish every client's script.
 */
final class PbFuzz {
  static final long DURATION_TICKS = 1500;
  static final long STABILIZE_TICKS = 1500;

  private PbFuzz() {}

  /** A pb run plan: the cluster has no options; default clock and event bound. */
  static RunPlan plan(
      int servers,
      String variant,
      List<List<ClientOp>> workload,
      NetworkConfig network,
      List<ScheduledFault> faults,
      long seed,
      long durationTicks,
      long stabilizeTicks) {
    return RunPlan.of(
        new PbSpec(),
        servers,
        variant,
        workload,
        new TreeMap<>(),
        seed,
        network,
        faults,
        durationTicks,
        stabilizeTicks);
  }

  /** View changes the view server made in the run (-1: it is down); 2 are the start-up. */
  static int viewChanges(ClusterRun.Result r) {
    ViewServerState vs = r.world().stateAs(PbSpec.VIEW_SERVER, ViewServerState.class);
    return vs == null ? -1 : vs.changes.size();
  }

  static RunPlan plan(long seed, String variant) {
    Rng r = Rng.derived(seed, "pb-fuzz-plan");
    int servers = 2 + r.nextInt(2);
    int clients = 2 + r.nextInt(2);
    List<NodeId> serverIds = new ArrayList<>();
    for (int i = 1; i <= servers; i++) {
      serverIds.add(NodeId.of("s" + i));
    }
    List<NodeId> nodes = new ArrayList<>(serverIds);
    nodes.add(PbSpec.VIEW_SERVER);
    for (int c = 1; c <= clients; c++) {
      nodes.add(NodeId.of("c" + c));
    }

    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= clients; c++) {
      List<ClientOp> ops = new ArrayList<>();
      int n = 6 + r.nextInt(8);
      long t = 50 + r.nextLong(0, 100);
      for (int i = 1; i <= n; i++) {
        t += r.nextLong(10, 120);
        String key = "k" + (1 + r.nextInt(2));
        double p = r.nextDouble();
        String f = p < 0.35 ? "get" : p < 0.55 ? "put" : "append";
        ops.add(new ClientOp(f, key, "get".equals(f) ? null : "c" + c + "-" + i, t));
      }
      workload.add(ops);
    }

    NetworkConfig net =
        new NetworkConfig(
            new Latency.Uniform(1, 5),
            r.chance(0.5) ? r.nextDouble() * 0.05 : 0,
            r.chance(0.5) ? r.nextDouble() * 0.05 : 0,
            r.chance(0.5) ? r.nextDouble() * 0.2 : 0,
            30,
            r.chance(0.3) ? r.nextDouble() * 0.03 : 0,
            50,
            400);

    List<ScheduledFault> faults = new ArrayList<>();
    int count = 2 + r.nextInt(7);
    for (int k = 0; k < count; k++) {
      long at = r.nextLong(100, DURATION_TICKS - 1);
      NodeId s = serverIds.get(r.nextInt(servers));
      Fault f =
          switch (r.nextInt(8)) {
            case 0, 1 -> new Fault.Crash(s);
            case 2 -> new Fault.Restart(s, false);
            case 3 -> {
              NodeId other = nodes.get(r.nextInt(nodes.size()));
              yield other.equals(s)
                  ? new Fault.Isolate(s)
                  : new Fault.Partition(List.of(Set.of(s), Set.of(other)));
            }
            case 4 -> {
              NodeId other = nodes.get(r.nextInt(nodes.size()));
              yield other.equals(s) ? new Fault.Heal() : new Fault.BlockLink(s, other);
            }
            case 5 -> new Fault.Heal();
            case 6 ->
                new Fault.HoldMessages(
                    s, serverIds.get(r.nextInt(servers)), 1 + r.nextInt(3), r.nextLong(50, 600));
            default -> new Fault.DropMessages(s, null, 1 + r.nextInt(3));
          };
      faults.add(new ScheduledFault(at, f));
    }
    return plan(servers, variant, workload, net, faults, seed, DURATION_TICKS, STABILIZE_TICKS);
  }
}
