package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.KvClient;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.ExploreGolden;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.fault.SwarmHints;
import java.util.List;
import java.util.TreeMap;

/**
 * Primary/backup replication with a view server (MIT 6.824 lab 2 / DSLabs lab 2): node {@code vs}
 * (the view service; not a fault target, but scenarios may crash or cut it off), servers s1..sN,
 * clients c1..cM. Options: none yet (unknown options are rejected).
 */
public final class PbSpec implements ClusterSpec, SwarmHints {
  public static final NodeId VIEW_SERVER = NodeId.of("vs");

  @Override
  public String name() {
    return "pb";
  }

  @Override
  public String description() {
    return "primary/backup KV store with a view server (pings, acknowledged views, state"
        + " transfer, at-most-once)";
  }

  @Override
  public List<BugVariant> variants() {
    return PbBug.variants();
  }

  @Override
  public Cluster build(ClusterParams params) {
    if (!params.options().isEmpty()) {
      throw new IllegalArgumentException(
          "pb has no options; unknown: " + String.join(", ", params.options().keySet()));
    }
    PbBug bug = PbBug.parse(params.variant());
    PbConfig config = PbConfig.DEFAULT;
    List<NodeId> servers = serverIds(params.servers());
    List<NodeId> clients = clientIds(params.clients());
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    nodes.put(VIEW_SERVER, new ViewServer(config, bug, servers));
    for (NodeId s : servers) {
      nodes.put(s, new PbServer(config, bug, VIEW_SERVER));
    }
    for (int k = 0; k < clients.size(); k++) {
      nodes.put(
          clients.get(k),
          new KvClient<>(new PbClientAdapter(config, VIEW_SERVER), k, params.workload().get(k)));
    }
    return new Cluster(nodes, servers, clients, freshInvariants(params));
  }

  /** 3 servers and the view server, no clients, BFS to depth 7: pings and the first views. */
  @Override
  public ExploreGolden exploreGolden() {
    return new ExploreGolden(3, 0, 0, 7, new TreeMap<>(), 12912);
  }

  @Override
  public List<Invariant> freshInvariants(ClusterParams params) {
    return PbInvariants.all(VIEW_SERVER, serverIds(params.servers()), clientIds(params.clients()));
  }

  /** pb has no options to vary; a fuzzer should aim at the primary first, then the backup. */
  @Override
  public List<String> swarmRoles() {
    return List.of(Roles.PRIMARY, Roles.BACKUP);
  }
}
