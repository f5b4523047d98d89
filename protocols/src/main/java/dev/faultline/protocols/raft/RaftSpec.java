package dev.faultline.protocols.raft;

import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Raft as a replicated KV store: servers s1..sN, clients c1..cM (client cK is history process K-1)
 * and, when the {@code reconfig} option is given, one admin node a1, a2, ... per step. Options are
 * listed in {@link RaftConfig#OPTIONS}.
 */
public final class RaftSpec implements ClusterSpec {
  @Override
  public String name() {
    return "raft";
  }

  @Override
  public String description() {
    return "Raft KV store: elections, PreVote, CheckQuorum, log/ReadIndex reads, snapshots,"
        + " joint and single-server membership changes";
  }

  @Override
  public List<BugVariant> variants() {
    return Arrays.stream(RaftBug.values()).map(RaftBug::variant).toList();
  }

  @Override
  public Cluster build(ClusterParams params) {
    List<NodeId> servers = serverIds(params.servers());
    RaftConfig config = RaftConfig.from(servers, params.variant(), params.options());
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    RaftNode server = new RaftNode(config);
    for (NodeId id : servers) {
      nodes.put(id, server);
    }
    List<NodeId> clients = clientIds(params.clients());
    for (int k = 0; k < clients.size(); k++) {
      nodes.put(clients.get(k), new RaftClient(config, k, params.workload().get(k)));
    }
    for (int k = 0; k < config.reconfig().size(); k++) {
      nodes.put(NodeId.of("a" + (k + 1)), new RaftAdmin(config, config.reconfig().get(k)));
    }
    return new Cluster(nodes, servers, clients, RaftInvariants.fresh());
  }

  /**
   * What a swarm fuzzer should vary per seed. Small append batches let a follower hold part of a
   * leader's log (Figure 8, R2; a leaderCommit past the last new entry, R6); PreVote/CheckQuorum
   * off make vote splits and stale leaders likelier (R3); a membership plan (R8) adds or removes
   * one server per step from a random initial configuration. Only non-default values are set.
   */
  @Override
  public SortedMap<String, String> swarmOptions(Rng rng, int servers, long durationTicks) {
    SortedMap<String, String> o = new TreeMap<>();
    if (rng.chance(0.3)) {
      o.put("preVote", "false");
    }
    if (rng.chance(0.3)) {
      o.put("checkQuorum", "false");
    }
    if (rng.chance(0.3)) {
      o.put("reads", "readIndex");
    }
    long batch = List.of(1L, 2L, 4L, 64L).get(rng.nextInt(4));
    if (batch != 64) {
      o.put("maxEntriesPerAppend", Long.toString(batch));
    }
    if (rng.chance(0.25)) {
      o.put("snapshotEvery", rng.chance(0.5) ? "4" : "16");
    }
    if (servers >= 2 && rng.chance(0.3)) {
      membershipPlan(rng, servers, durationTicks, o);
      // A removed server that never learns it was removed keeps timing out; without PreVote and
      // CheckQuorum its higher terms depose the new configuration's leader forever (Raft
      // dissertation 4.2.3), a known liveness limit rather than a bug, so plans keep both on.
      o.remove("preVote");
      o.remove("checkQuorum");
    }
    return o;
  }

  private static void membershipPlan(
      Rng rng, int servers, long durationTicks, SortedMap<String, String> o) {
    boolean single = rng.chance(0.7);
    if (single) {
      o.put("membership", "single");
    }
    TreeSet<Integer> current = new TreeSet<>();
    for (int i = 1; i <= servers; i++) {
      if (i == 1 || rng.chance(0.7)) {
        current.add(i);
      }
    }
    if (current.size() == servers && rng.chance(0.5)) {
      current.remove(servers); // leave one server out to be added
    }
    o.put("initialMembers", members(current));
    List<String> steps = new ArrayList<>();
    long tick = rng.nextLong(100, Math.max(101, durationTicks / 4));
    int count = 1 + rng.nextInt(3);
    for (int k = 0; k < count; k++) {
      TreeSet<Integer> next = new TreeSet<>(current);
      int s = 1 + rng.nextInt(servers);
      if (single || rng.chance(0.5)) {
        if (next.contains(s) && next.size() > 1) {
          next.remove(s);
        } else {
          next.add(s);
        }
      } else {
        next.clear();
        for (int i = 1; i <= servers; i++) {
          if (rng.chance(0.6)) {
            next.add(i);
          }
        }
        if (next.isEmpty()) {
          next.add(s);
        }
      }
      steps.add(tick + ":" + members(next));
      current = next;
      // Changes close together race each other (R8's sibling configurations); far apart they
      // test a reconfiguration under later faults.
      tick += rng.chance(0.5) ? rng.nextLong(10, 150) : rng.nextLong(150, 1_500);
    }
    o.put("reconfig", String.join(";", steps));
  }

  private static String members(TreeSet<Integer> ids) {
    return String.join(",", ids.stream().map(i -> "s" + i).toList());
  }

  @Override
  public List<String> swarmRoles() {
    return List.of("leader", "candidate", "follower");
  }
}
