package dev.faultline.scenario.explore;

import dev.faultline.check.run.ExploreWorkloads;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.VariantSearch;
import dev.faultline.sim.explore.ExploreBounds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stages a default {@code faultline explore} runs. First the small model the protocol declares
 * for the hunted variant itself, if any ({@link VariantSearch}: servers, workload, options,
 * crashes, model bounds, and for a staged search the named state it starts from) with no state
 * budget but memory and time: that declaration is the protocol's hint of which faults and clients
 * the bug needs, not its counterexample (the stage's depth is not taken from it: BFS stops at the
 * first, shortest violation). Then every other variant's declared model, ordered by the states each
 * declaration pins (the correct protocol runs them all, in that order); then generic models that
 * grow the workload and faults (no clients and a crash; one put; a get racing a put; a put and a
 * crash) under the bounds that kept the declared searches small.
 */
public final class HuntPlan {
  /**
   * Distinct states a stage gets at least, and per state a declaration pins (a margin over the
   * variant's own search, which the correct protocol and other variants may need).
   */
  static final long MIN_STAGE_STATES = 200_000;

  static final long STATES_PER_PINNED_STATE = 4;

  /**
   * A staged declaration's model (when it bounds no timer firings) is first searched with at most
   * 2, 3, ... this many timer firings per path after its start: from a named state deep in a run,
   * what is left for a bug needs few firings (pb B2: 3), and each such model is a small fraction of
   * the next (timers firing in any order are what makes these spaces grow). From the initial state
   * it does not pay: Raft's space with at most 2 firings is deeper than R1's counterexample and
   * took more states (over 108,000, unfinished) than R1's whole model with 3 (130,902).
   */
  static final int DEEPEST_TIMER_FIRES = 4;

  /** Distinct states of a generic stage. */
  static final long GENERIC_STAGE_STATES = 1_000_000;

  private HuntPlan() {}

  /**
   * The plan for {@code spec} hunting {@code variant} (null: the correct protocol); {@code
   * userOptions} (from --option) override every stage's.
   */
  public static List<HuntStage> of(
      ClusterSpec spec, String variant, SortedMap<String, String> userOptions) {
    List<HuntStage> own = new ArrayList<>();
    List<HuntStage> declared = new ArrayList<>();
    for (BugVariant v : spec.variants()) {
      VariantSearch s = v.search();
      if (s == null) {
        continue;
      }
      if (v.id().equals(variant)) {
        HuntStage stage =
            declaredStage(v.id() + ", the hunted variant", s, userOptions, Long.MAX_VALUE);
        if (stage.bounds().maxTimerFires() == 0 && !s.starts().isEmpty()) {
          for (int fires = 2; fires <= DEEPEST_TIMER_FIRES; fires++) {
            own.add(stage.withTimerFires(fires, pinnedBudget(s)));
          }
        }
        own.add(stage);
      } else {
        declared.add(declaredStage(v.id(), s, userOptions, pinnedBudget(s)));
      }
    }
    declared.sort(Comparator.comparingLong(HuntStage::stateBudget)); // stable: enum order on ties
    List<HuntStage> all = new ArrayList<>(own);
    all.addAll(declared);
    all.addAll(genericStages(all, userOptions));
    Map<String, HuntStage> byShape = new LinkedHashMap<>();
    for (HuntStage stage : all) {
      byShape.putIfAbsent(stage.shape(), stage);
    }
    return List.copyOf(byShape.values());
  }

  private static long pinnedBudget(VariantSearch s) {
    return Math.max(MIN_STAGE_STATES, s.uniqueStates() * STATES_PER_PINNED_STATE);
  }

  private static HuntStage declaredStage(
      String id, VariantSearch s, SortedMap<String, String> userOptions, long stateBudget) {
    return new HuntStage(
        "declared by " + id,
        s.servers(),
        s.workload(),
        merged(s.options(), userOptions),
        s.crashes(),
        new ExploreBounds(s.maxTimerRepeats(), s.maxInFlightPerLink(), s.maxTimerFires()),
        stateBudget,
        s.starts().isEmpty() ? null : s,
        false,
        s.clock());
  }

  /**
   * Generic models on the smallest server count the declarations use (3 when none) and the options
   * every declaration agrees on (e.g. Raft's declared searches all turn PreVote off).
   */
  private static List<HuntStage> genericStages(
      List<HuntStage> declared, SortedMap<String, String> userOptions) {
    int servers = declared.stream().mapToInt(HuntStage::servers).min().orElse(3);
    SortedMap<String, String> options = merged(commonOptions(declared), userOptions);
    List<ClientOp> put = ExploreWorkloads.of(1, 1).getFirst();
    List<List<ClientOp>> getRacingPut = List.of(List.of(new ClientOp("get", "x", null)), put);
    return List.of(
        generic(servers, List.of(), options, 1, new ExploreBounds(1, 0, 0)),
        generic(servers, List.of(put), options, 0, new ExploreBounds(1, 2, 0)),
        generic(servers, getRacingPut, options, 0, new ExploreBounds(1, 1, 5)),
        generic(servers, List.of(put), options, 1, new ExploreBounds(1, 2, 7)));
  }

  private static HuntStage generic(
      int servers,
      List<List<ClientOp>> workload,
      SortedMap<String, String> options,
      int crashes,
      ExploreBounds bounds) {
    return new HuntStage(
        "generic",
        servers,
        workload,
        options,
        crashes,
        bounds,
        GENERIC_STAGE_STATES,
        null,
        false,
        VariantSearch.Clock.NONE);
  }

  private static SortedMap<String, String> commonOptions(List<HuntStage> declared) {
    SortedMap<String, String> common = new TreeMap<>();
    if (declared.isEmpty()) {
      return common;
    }
    common.putAll(declared.getFirst().options());
    for (HuntStage s : declared) {
      common.entrySet().removeIf(e -> !e.getValue().equals(s.options().get(e.getKey())));
    }
    return common;
  }

  private static SortedMap<String, String> merged(
      Map<String, String> stage, SortedMap<String, String> user) {
    SortedMap<String, String> all = new TreeMap<>(stage);
    all.putAll(user);
    return all;
  }
}
