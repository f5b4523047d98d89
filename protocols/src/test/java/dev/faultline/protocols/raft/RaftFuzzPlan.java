package dev.faultline.protocols.raft;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.Latency;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A seeded random run for Raft, adding what the swarm fuzzer does not draw: random options, a
 * faulty network, and a timeline of every fault kind (partitions, one-way links, crash/restart,
 * scripted drops and long holds, clock skew and drift), optionally a membership change plan, a
 * leader-targeting nemesis ({@link #nemesis}), and a generated KV workload with unique values.
 */
record RaftFuzzPlan(
    int servers,
    SortedMap<String, String> options,
    NetworkConfig network,
    FaultSchedule faults,
    List<List<ClientOp>> workload,
    long durationTicks,
    long stabilizeTicks,
    boolean leaderNemesis) {

  static RaftFuzzPlan draw(long seed, boolean membership) {
    Rng r = Rng.derived(seed, "raft-fuzz-plan");
    TreeMap<String, String> options = new TreeMap<>();
    options.put("preVote", Boolean.toString(r.chance(0.7)));
    options.put("checkQuorum", Boolean.toString(r.chance(0.7)));
    options.put("reads", r.chance(0.5) ? "readIndex" : "log");
    options.put(
        "maxEntriesPerAppend", Long.toString(List.of(1L, 4L, 64L).get((int) r.nextLong(3))));
    options.put("snapshotEvery", Long.toString(List.of(0L, 4L, 16L).get((int) r.nextLong(3))));
    int servers;
    if (membership) {
      servers = 5;
      options.put("membership", r.chance(0.5) ? "joint" : "single");
      options.put("initialMembers", "s1,s2,s3");
      boolean single = "single".equals(options.get("membership"));
      List<String> steps = new ArrayList<>();
      List<String> current = new ArrayList<>(List.of("s1", "s2", "s3"));
      long tick = 300;
      for (int k = 0; k < 3; k++) {
        tick += r.nextLong(100, 800);
        List<String> next = new ArrayList<>(current);
        String candidate = "s" + (1 + r.nextLong(5));
        if (single || r.chance(0.5)) {
          if (next.contains(candidate) && next.size() > 2) {
            next.remove(candidate);
          } else if (!next.contains(candidate)) {
            next.add(candidate);
          }
        } else {
          next.clear();
          for (int i = 1; i <= 5; i++) {
            if (r.chance(0.6)) {
              next.add("s" + i);
            }
          }
          if (next.isEmpty()) {
            next.add("s" + (1 + r.nextLong(5)));
          }
        }
        next.sort(null);
        steps.add(tick + ":" + String.join(",", next));
        current = next;
      }
      options.put("reconfig", String.join(";", steps));
    } else {
      servers = r.chance(0.7) ? 3 : 5;
    }
    double drop = r.chance(0.5) ? r.nextDouble() * 0.1 : 0;
    double dup = r.chance(0.5) ? r.nextDouble() * 0.05 : 0;
    double reorder = r.chance(0.5) ? r.nextDouble() * 0.3 : 0;
    double hold = r.chance(0.4) ? r.nextDouble() * 0.02 : 0;
    NetworkConfig network =
        new NetworkConfig(new Latency.Uniform(1, 5), drop, dup, reorder, 40, hold, 50, 800);

    long duration = 3000;
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= servers; i++) {
      ids.add(NodeId.of("s" + i));
    }
    FaultSchedule.Builder b = FaultSchedule.builder();
    int faults = (int) r.nextLong(3, 10);
    for (int k = 0; k < faults; k++) {
      long at = r.nextLong(100, duration - 200);
      NodeId n = ids.get((int) r.nextLong(servers));
      NodeId m = ids.get((int) r.nextLong(servers));
      switch ((int) r.nextLong(9)) {
        case 0 -> {
          List<Set<NodeId>> groups =
              new ArrayList<>(List.of(new LinkedHashSet<>(), new LinkedHashSet<>()));
          for (NodeId id : ids) {
            groups.get((int) r.nextLong(2)).add(id);
          }
          b.at(at, new Fault.Partition(groups));
          b.at(at + r.nextLong(100, 900), new Fault.Heal());
        }
        case 1 -> {
          b.at(at, new Fault.Isolate(n));
          b.at(at + r.nextLong(100, 900), new Fault.Heal());
        }
        case 2 -> {
          if (!n.equals(m)) {
            b.at(at, new Fault.BlockLink(n, m));
            b.at(at + r.nextLong(100, 900), new Fault.UnblockLink(n, m));
          }
        }
        case 3, 4 -> {
          b.at(at, new Fault.Crash(n));
          b.at(at + r.nextLong(20, 800), new Fault.Restart(n, false));
        }
        case 5 -> b.at(at, new Fault.ClockSkew(n, r.nextLong(-200, 200)));
        case 6 -> b.at(at, new Fault.ClockDrift(n, r.nextLong(-300_000, 300_000)));
        case 7 ->
            b.at(
                at, new Fault.HoldMessages(n, null, (int) r.nextLong(1, 4), r.nextLong(100, 1200)));
        default ->
            b.at(at, new Fault.DropMessages(n, r.chance(0.5) ? null : m, (int) r.nextLong(1, 6)));
      }
    }

    int clients = (int) r.nextLong(2, 4);
    int opsPerClient = (int) r.nextLong(8, 20);
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= clients; c++) {
      List<ClientOp> ops = new ArrayList<>();
      long t = r.nextLong(0, 400);
      for (int i = 1; i <= opsPerClient; i++) {
        String key = "k" + r.nextLong(2);
        double f = r.nextDouble();
        String value = "c" + c + "-" + i;
        t += r.nextLong(0, 250);
        ops.add(
            f < 0.3
                ? new ClientOp("get", key, null, t)
                : f < 0.6
                    ? new ClientOp("put", key, value, t)
                    : new ClientOp("append", key, value, t));
      }
      workload.add(ops);
    }
    return new RaftFuzzPlan(
        servers, options, network, b.build(), workload, duration, 4000, r.chance(0.5));
  }

  RaftFuzzPlan withOption(String key, String value) {
    TreeMap<String, String> o = new TreeMap<>(options);
    o.put(key, value);
    return new RaftFuzzPlan(
        servers, o, network, faults, workload, durationTicks, stabilizeTicks, leaderNemesis);
  }

  /** This plan for {@code seed} and {@code variant}, as the shared run semantics take it. */
  RunPlan plan(long seed, String variant) {
    return RaftRuns.plan(
        seed, servers, variant, workload, options, network, faults, durationTicks, stabilizeTicks);
  }

  RaftRuns.Run run(long seed, String variant, boolean keepTrace) {
    return RaftRuns.run(plan(seed, variant), keepTrace, null, leaderNemesis ? nemesis(seed) : null);
  }

  RaftRuns.Run run(long seed, String variant, dev.faultline.sim.trace.TraceSink sink) {
    return RaftRuns.run(plan(seed, variant), false, sink, leaderNemesis ? nemesis(seed) : null);
  }

  /**
   * Targets leaders, which time-based fault plans rarely hit at the right moment: crash the leader
   * (restart soon), cut off the leader's next few messages (it appends but reaches nobody), or
   * reboot a voter within a few ticks (a vote lost in the middle of an election).
   */
  static ClusterRun.Nemesis nemesis(long seed) {
    Rng r = Rng.derived(seed, "raft-nemesis");
    return (w, cluster, now) -> {
      List<NodeId> up = new ArrayList<>();
      NodeId leader = null;
      for (NodeId id : cluster.servers()) {
        RaftState s = w.stateAs(id, RaftState.class);
        if (s != null) {
          up.add(id);
          if (s.role() == RaftRole.LEADER) {
            leader = id;
          }
        }
      }
      FaultSchedule.Builder b = FaultSchedule.builder();
      double roll = r.nextDouble();
      if (leader != null && roll < 0.3) {
        b.at(now, new Fault.Crash(leader));
        b.at(now + r.nextLong(1, 120), new Fault.Restart(leader, false));
      } else if (leader != null && roll < 0.55) {
        // Cut the leader off from the other servers (clients still reach it, so it appends
        // entries nobody else gets), then heal.
        for (NodeId other : cluster.servers()) {
          if (!other.equals(leader)) {
            b.at(now, new Fault.BlockLink(leader, other));
            b.at(now, new Fault.BlockLink(other, leader));
          }
        }
        b.at(now + r.nextLong(30, 400), new Fault.Heal());
      } else if (leader != null && roll < 0.75) {
        b.at(now, new Fault.DropMessages(leader, null, (int) r.nextLong(1, 8)));
      } else if (!up.isEmpty()) {
        NodeId victim = up.get((int) r.nextLong(up.size()));
        b.at(now, new Fault.Crash(victim));
        b.at(now + r.nextLong(1, 6), new Fault.Restart(victim, false));
      }
      w.schedule(b.build());
      return now + r.nextLong(40, 250);
    };
  }
}
