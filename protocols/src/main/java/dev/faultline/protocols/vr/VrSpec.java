package dev.faultline.protocols.vr;

import dev.faultline.protocols.common.KvClient;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.ExploreGolden;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.fault.SwarmHints;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Viewstamped Replication Revisited (Liskov and Cowling, 2012) as a replicated KV store: replicas
 * s1..sN (primary of view v is s(v mod N + 1)), clients c1..cM. Options are listed in {@link
 * VrConfig#OPTIONS}.
 */
public final class VrSpec implements ClusterSpec, SwarmHints {
  @Override
  public String name() {
    return "vr";
  }

  @Override
  public String description() {
    return "Viewstamped Replication Revisited KV store: normal operation, view changes, recovery"
        + " with nonces (or durableView=true), state transfer";
  }

  @Override
  public List<BugVariant> variants() {
    return VrBug.variants();
  }

  @Override
  public Cluster build(ClusterParams params) {
    List<NodeId> servers = serverIds(params.servers());
    VrConfig config = VrConfig.from(servers, params.variant(), params.options());
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    VrReplica replica = new VrReplica(config);
    for (NodeId id : servers) {
      nodes.put(id, replica);
    }
    List<NodeId> clients = clientIds(params.clients());
    VrClientAdapter clientAdapter = new VrClientAdapter(config);
    KvClient.addClients(nodes, clients, params.workload(), () -> clientAdapter);
    return new Cluster(nodes, servers, clients, freshInvariants(params));
  }

  /**
   * 3 replicas, 1 client doing 1 put, BFS to depth 8: deep enough for the put to be prepared,
   * committed and answered (4 deliveries).
   */
  @Override
  public ExploreGolden exploreGolden() {
    return new ExploreGolden(3, 1, 1, 8, new TreeMap<>(), 4835);
  }

  @Override
  public List<Invariant> freshInvariants(ClusterParams params) {
    return VrInvariants.fresh(
        serverIds(params.servers()),
        clientIds(params.clients()),
        "true".equals(params.option("durableView", "false")));
  }

  /** Recovery completes, the view settles, and every replica converges on the primary's state. */
  @Override
  public List<Invariant> eventually(ClusterParams params) {
    return VrEventually.all(serverIds(params.servers()));
  }

  /** Half the seeds persist the view and log (no recovery protocol); the others run recovery. */
  @Override
  public SortedMap<String, String> swarmOptions(Rng rng, int servers, long durationTicks) {
    SortedMap<String, String> o = new TreeMap<>();
    if (rng.chance(0.5)) {
      o.put("durableView", "true");
    }
    return o;
  }

  /**
   * Often, state-aware faults at the steps where VR's view change and state transfer are fragile
   * (one-shot, each fires only if the protocol gets there; correct VR stays safe):
   *
   * <ul>
   *   <li>a new primary's STARTVIEW, and everything it sends after it for a while, misses one
   *       replica ({@code block-after start-view}): that replica stays in view-change status with
   *       an older last normal view, and goes on to later view changes that way;
   *   <li>a replica that asks for a newer view's state drops off the network right after asking
   *       ({@code isolate-after transfer}), so it waits a long time in between;
   *   <li>with durableView, a rolling double failure ({@link #doubleFailure}) that leaves one
   *       replica out of a view change and brings it back in an older view.
   * </ul>
   *
   * <p>Together they reach the paper's state-transfer defect (V8) and V12, which need a replica
   * that missed a view change, a voter of that view change that missed its STARTVIEW, and a later
   * view change of those two without the new primary.
   */
  @Override
  public List<ScheduledFault> swarmFaults(
      Rng rng, SortedMap<String, String> options, int servers, long durationTicks) {
    List<ScheduledFault> out = new ArrayList<>();
    if (!rng.chance(0.5)) {
      return out;
    }
    int count = 3 + rng.nextInt(6);
    for (int k = 0; k < count; k++) {
      long at = rng.nextLong(0, durationTicks);
      NodeId to = NodeId.of("s" + (1 + rng.nextInt(servers)));
      out.add(
          new ScheduledFault(
              at,
              new Fault.BlockAfterAnnotation(
                  VrViewChange.START_VIEW, to, rng.nextLong(200, 1_500))));
      if ("true".equals(options.get("durableView"))) {
        doubleFailure(rng, at, durationTicks, out);
      }
      for (int t = 0; t < 2; t++) {
        out.add(
            new ScheduledFault(
                Math.min(durationTicks - 1, at + rng.nextLong(0, 300)),
                new Fault.IsolateAfterAnnotation(VrCatchUp.TRANSFER, rng.nextLong(150, 600))));
      }
    }
    return out;
  }

  /**
   * A rolling double failure: a backup goes down, then the primary; the primary comes back first
   * (restarted from disk, it joins a view change of two), the backup later, into an older view.
   * Only with durableView: without it two replicas recovering at once is the known progress limit.
   */
  private static void doubleFailure(
      Rng rng, long at, long durationTicks, List<ScheduledFault> out) {
    long primaryDownAt = Math.min(durationTicks - 1, at + rng.nextLong(20, 200));
    long primaryUpAt = Math.min(durationTicks - 1, primaryDownAt + rng.nextLong(100, 400));
    out.add(new ScheduledFault(at, new Fault.CrashRole(Annotations.Roles.BACKUP)));
    out.add(new ScheduledFault(primaryDownAt, new Fault.CrashRole(Annotations.Roles.PRIMARY)));
    out.add(new ScheduledFault(primaryUpAt, new Fault.RestartLastCrashed()));
    out.add(
        new ScheduledFault(
            Math.min(durationTicks - 1, primaryUpAt + rng.nextLong(100, 600)),
            new Fault.RestartLastCrashed()));
  }

  @Override
  public List<String> swarmRoles() {
    return List.of(Annotations.Roles.PRIMARY, Annotations.Roles.BACKUP);
  }
}
