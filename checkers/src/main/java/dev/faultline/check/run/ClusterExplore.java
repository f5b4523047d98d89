package dev.faultline.check.run;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.InvariantSupply;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.Explorer;
import dev.faultline.sim.explore.Goal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The explorer set up the one way every search uses (the {@code explore} command, the contract
 * suite, the protocols' own tests): the protocol's invariants built fresh for every state checked
 * (they may remember what they saw, and nothing may leak between paths; from the protocol's {@link
 * ClusterSpec#invariantSupply}, which builds only the transition judges for a step into a state
 * already seen), plus linearizability of the client history, one checker per BFS worker thread (it
 * memoises its last history by equality, so which thread answers never changes the answer).
 */
public final class ClusterExplore {
  private ClusterExplore() {}

  /** The explorer for {@code spec} with {@code params}; {@code linearizability} adds that check. */
  public static Explorer explorer(
      ClusterSpec spec,
      ClusterParams params,
      List<Goal> goals,
      ExploreOptions options,
      boolean linearizability) {
    Cluster cluster = spec.build(params);
    ThreadLocal<LinearizabilityInvariant> lin =
        ThreadLocal.withInitial(LinearizabilityInvariant::new);
    InvariantSupply supply = spec.invariantSupply(params);
    Supplier<List<Invariant>> all =
        () -> {
          List<Invariant> fresh = new ArrayList<>(supply.all().get());
          if (linearizability) {
            fresh.add(new ThisThreads(lin));
          }
          return fresh;
        };
    // Linearizability judges the history a state holds, not a step: steps into seen states need
    // only the protocol's transition judges.
    InvariantSupply invariants = new InvariantSupply(all, supply.transitionJudges());
    return new Explorer(cluster, invariants, goals, options);
  }

  /**
   * The calling thread's checker, looked up at every check: the explorer reuses a list of instances
   * ({@link Invariant#resetForReuse}) on whichever thread runs a worker slot, so a list must not
   * hold one thread's checker. Its memory is a cache of verdicts by history, so reuse needs no
   * reset.
   */
  private record ThisThreads(ThreadLocal<LinearizabilityInvariant> lin) implements Invariant {
    @Override
    public String name() {
      return lin.get().name();
    }

    @Override
    public String check(dev.faultline.sim.api.SystemView view) {
      return lin.get().check(view);
    }

    @Override
    public boolean judgesTransitions() {
      return lin.get().judgesTransitions();
    }

    @Override
    public boolean resetForReuse() {
      return true;
    }
  }

  /**
   * A search with linearizability: {@code servers} servers, the given workload and options, goals
   * (may be empty), from the end of {@code prefix} (a staged search), on {@code threads} threads.
   */
  public static dev.faultline.sim.explore.ExploreResult explore(
      ClusterSpec spec,
      String variant,
      int servers,
      List<List<dev.faultline.sim.api.ClientOp>> workload,
      java.util.Map<String, String> options,
      ExploreOptions explore,
      List<Goal> goals,
      List<ExploreAction> prefix,
      int threads) {
    ClusterParams params =
        new ClusterParams(servers, variant, workload, new java.util.TreeMap<>(options));
    return explorer(spec, params, goals, explore, true).withThreads(threads).explore(prefix);
  }
}
