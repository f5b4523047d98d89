package dev.faultline.bench.paxos;

import dev.faultline.check.run.LinearizabilityInvariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.Explorer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A port of Stateright's single-decree Paxos example (3 servers, register clients with one put then
 * one get each, an unordered network that neither loses nor duplicates) to the node API, as a test
 * model for comparing the two explorers on the same state space. Not a product protocol: it is not
 * registered and has no scenarios.
 *
 * <p>Node {@code nK} is Stateright's actor K: servers n0..n2, then the clients. With {@link
 * ExploreOptions#withStaterightSemantics} the explorer counts states as Stateright does (16,668
 * with 2 clients, 1,194,428 with 3).
 */
public final class StaterightPaxos {
  public static final int SERVERS = 3;

  private StaterightPaxos() {}

  /** The cluster with {@code clients} register clients. */
  public static Cluster cluster(int clients) {
    List<NodeId> ids = new ArrayList<>();
    for (int k = 0; k < SERVERS + clients; k++) {
      ids.add(NodeId.of("n" + k));
    }
    TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    for (int k = 0; k < ids.size(); k++) {
      nodes.put(
          ids.get(k),
          k < SERVERS ? new PaxosServer(k, ids, SERVERS) : new RegisterClient(k, ids, SERVERS));
    }
    return new Cluster(
        nodes, ids.subList(0, SERVERS), ids.subList(SERVERS, ids.size()), invariants().get());
  }

  /**
   * Invariants per check: linearizability of the register history, and agreement. The
   * linearizability check is one instance per thread (as {@code ClusterExplore} keeps it): its
   * verdict depends on the history alone, and it remembers the last history it checked, which the
   * next states of a BFS level often share. A fresh instance per check ran the full check for every
   * state, a third of the search's CPU.
   */
  public static Supplier<List<Invariant>> invariants() {
    ThreadLocal<LinearizabilityInvariant> lin =
        ThreadLocal.withInitial(LinearizabilityInvariant::new);
    return () -> List.of(lin.get(), new Agreement());
  }

  /** The explorer on the full model (no faults, no bounds), BFS, Stateright's state identity. */
  public static Explorer explorer(int clients, ExploreOptions base) {
    return explorerWith(clients, base.withStaterightSemantics(true));
  }

  /** The explorer with {@code options} as given (but no depth bound). */
  public static Explorer explorerWith(int clients, ExploreOptions options) {
    return new Explorer(cluster(clients), invariants(), List.of(), options.withMaxDepth(1_000));
  }

  /** No two servers know different values as decided. */
  static final class Agreement implements Invariant {
    @Override
    public String name() {
      return "Agreement";
    }

    @Override
    public String check(SystemView view) {
      String decided = null;
      for (int k = 0; k < SERVERS; k++) {
        if (view.stateAt(k) instanceof PaxosServerState s && s.decided) {
          String v = s.accepted.proposal().value();
          if (decided != null && !decided.equals(v)) {
            return "servers decided " + decided + " and " + v;
          }
          decided = v;
        }
      }
      return null;
    }
  }
}
