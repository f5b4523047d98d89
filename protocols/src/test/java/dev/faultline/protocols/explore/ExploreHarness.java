package dev.faultline.protocols.explore;

import dev.faultline.check.CheckBudget;
import dev.faultline.check.CheckResult;
import dev.faultline.check.History;
import dev.faultline.check.Linearizability;
import dev.faultline.check.Model;
import dev.faultline.check.Models;
import dev.faultline.check.Verdict;
import dev.faultline.protocols.Protocols;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Explorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs the explorer on a registered protocol with fresh invariants plus linearizability. */
final class ExploreHarness {
  private ExploreHarness() {}

  /** c1 puts x, c2 (if any) gets x: the smallest workload where a lost write is visible. */
  static List<List<ClientOp>> workload(int clients, int ops) {
    List<List<ClientOp>> w = new ArrayList<>();
    for (int k = 1; k <= clients; k++) {
      List<ClientOp> mine = new ArrayList<>();
      for (int n = 1; n <= ops; n++) {
        mine.add(
            n % 2 == 1
                ? new ClientOp("put", "x", "c" + k + "-" + n)
                : new ClientOp("get", "x", null));
      }
      w.add(mine);
    }
    return w;
  }

  static ExploreResult explore(
      String protocol,
      String variant,
      List<List<ClientOp>> workload,
      Map<String, String> options,
      ExploreOptions explore) {
    return explore(protocol, variant, workload, options, explore, List.of(), List.of());
  }

  /** With goals, starting after {@code prefix} (a staged search). */
  static ExploreResult explore(
      String protocol,
      String variant,
      List<List<ClientOp>> workload,
      Map<String, String> options,
      ExploreOptions explore,
      List<dev.faultline.sim.explore.Goal> goals,
      List<dev.faultline.sim.explore.ExploreAction> prefix) {
    return explore(protocol, variant, 3, workload, options, explore, goals, prefix, 1);
  }

  /**
   * The general form: {@code servers} servers, {@code threads} BFS worker threads. Protocol
   * invariants are fresh per check; the linearizability check memoises its last answer, so each
   * worker thread gets its own.
   */
  static ExploreResult explore(
      String protocol,
      String variant,
      int servers,
      List<List<ClientOp>> workload,
      Map<String, String> options,
      ExploreOptions explore,
      List<dev.faultline.sim.explore.Goal> goals,
      List<dev.faultline.sim.explore.ExploreAction> prefix,
      int threads) {
    ClusterSpec spec = Protocols.byName(protocol);
    ClusterParams params = new ClusterParams(servers, variant, workload, new TreeMap<>(options));
    Cluster cluster = spec.build(params);
    ThreadLocal<LinearizabilityCheck> lin = ThreadLocal.withInitial(LinearizabilityCheck::new);
    return new Explorer(
            cluster,
            () -> {
              List<Invariant> all = new ArrayList<>(spec.freshInvariants(params));
              all.add(lin.get());
              return all;
            },
            goals,
            explore)
        .withThreads(threads)
        .explore(prefix);
  }

  /** Linearizability of the history so far (kv model); remembers only the last answer. */
  static final class LinearizabilityCheck implements Invariant {
    private final Model<?> model = Models.kv();
    private List<HistoryEvent> last;
    private String lastAnswer;

    @Override
    public String name() {
      return "Linearizability";
    }

    @Override
    public String check(SystemView view) {
      List<HistoryEvent> h = view.history();
      if (h.stream().noneMatch(e -> e.type() == HistoryEvent.Type.OK)) {
        return null;
      }
      if (h.equals(last)) {
        return lastAnswer; // sibling states and the parent priming share a history
      }
      CheckResult r =
          Linearizability.check(
              History.fromHistoryEvents(h, model), model, CheckBudget.ofSteps(1_000_000), 1);
      last = h;
      lastAnswer = r.verdict() == Verdict.NOT_LINEARIZABLE ? r.summary() : null;
      return lastAnswer;
    }
  }
}
