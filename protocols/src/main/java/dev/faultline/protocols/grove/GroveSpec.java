package dev.faultline.protocols.grove;

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
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Grove's reconfigurable primary/backup (Sharma et al., SOSP 2023; vRSM/vKV): the config service
 * {@code cfg}, the reconfiguration admin {@code admin}, replicas s1..sN, clients c1..cM. Options
 * are listed in {@link GroveConfig#OPTIONS}.
 */
public final class GroveSpec implements ClusterSpec, SwarmHints {
  public static final NodeId CONFIG_SERVICE = NodeId.of("cfg");
  public static final NodeId ADMIN = NodeId.of("admin");

  @Override
  public String name() {
    return "grove";
  }

  @Override
  public String description() {
    return "Grove-style reconfigurable primary/backup KV store: config service with epochs and"
        + " leases on [lower, upper] clocks, sealing, reconfiguration admin, reads at any replica";
  }

  @Override
  public List<BugVariant> variants() {
    return GroveBug.variants();
  }

  @Override
  public Cluster build(ClusterParams params) {
    List<NodeId> servers = serverIds(params.servers());
    GroveConfig config = GroveConfig.from(servers, params.variant(), params.options());
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    nodes.put(CONFIG_SERVICE, new ConfigService(config));
    nodes.put(ADMIN, new GroveAdmin(config, CONFIG_SERVICE));
    GroveReplica replica = new GroveReplica(config, CONFIG_SERVICE);
    for (NodeId s : servers) {
      nodes.put(s, replica);
    }
    List<NodeId> clients = clientIds(params.clients());
    GroveClientAdapter adapter = new GroveClientAdapter(config, CONFIG_SERVICE);
    KvClient.addClients(nodes, clients, params.workload(), () -> adapter);
    return new Cluster(nodes, servers, clients, freshInvariants(params));
  }

  /**
   * 2 replicas, no clients, BFS to depth 10: the admin's initial setup (reserve, seal, install,
   * activate, set the primary) interleaved with lease requests and probes.
   */
  @Override
  public ExploreGolden exploreGolden() {
    return new ExploreGolden(2, 0, 0, 10, new TreeMap<>(), 3496);
  }

  /** The initial setup, then every planned reconfiguration. */
  static List<GroveConfig.ReconfigStep> plan(GroveConfig config) {
    List<GroveConfig.ReconfigStep> plan = new ArrayList<>();
    plan.add(new GroveConfig.ReconfigStep(0, config.initial()));
    plan.addAll(config.reconfig());
    return plan;
  }

  @Override
  public List<Invariant> freshInvariants(ClusterParams params) {
    return GroveInvariants.all(
        CONFIG_SERVICE, serverIds(params.servers()), clientIds(params.clients()));
  }

  @Override
  public List<Invariant> eventually(ClusterParams params) {
    GroveConfig config =
        GroveConfig.from(serverIds(params.servers()), params.variant(), params.options());
    return GroveEventually.all(CONFIG_SERVICE, ADMIN, plan(config).size());
  }

  /** The admin's "config service unreachable" stands only while the config service is down. */
  @Override
  public String limitAtEnd(SystemView view, NodeId node, String declared) {
    return view.isUp(CONFIG_SERVICE) ? null : declared;
  }

  @Override
  public SortedMap<String, String> swarmOptions(Rng rng, int servers, long durationTicks) {
    return GroveSwarm.options(rng, serverIds(servers), durationTicks);
  }

  @Override
  public List<ScheduledFault> swarmFaults(
      Rng rng, SortedMap<String, String> options, int servers, long durationTicks) {
    return GroveSwarm.faults(rng, options, serverIds(servers), CONFIG_SERVICE, durationTicks);
  }

  @Override
  public List<String> swarmRoles() {
    return List.of(Roles.PRIMARY, Roles.BACKUP);
  }
}
