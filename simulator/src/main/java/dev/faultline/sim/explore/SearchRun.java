package dev.faultline.sim.explore;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.InvariantSupply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One search's bookkeeping, shared by every strategy: counts, the visited set, parent pointers,
 * goals reached, the invariant and goal checks, progress and the time limit, and the result.
 */
final class SearchRun {
  final ExploreModel model;
  final ExploreOptions options;
  final List<ExploreAction> prefix;
  final ParentTree parents;
  private final Supplier<List<Invariant>> invariants;
  private final Supplier<List<Invariant>> transitionJudges;
  // The same, reused by the checks this run makes on its own thread (workers keep their own).
  private final Supplier<List<Invariant>> reusedInvariants;
  private final Supplier<List<Invariant>> reusedTransitionJudges;
  private final List<Goal> goals;
  private final WallClock clock = new WallClock();
  private final Consumer<String> progress;
  private final long progressEveryMillis;
  private long nextProgressMillis;

  SearchState start;
  long generated;
  int deepest;
  FingerprintTable visited;
  int workerBoundsHit; // fault-bound bits set by parallel workers' models (canonical)
  int cutBoundsHit; // bits from listing the choices of states at the depth bound
  // Unique states when the visited set holds more than the search counted (parallel BFS claims a
  // whole round before it knows where the search stops); -1: the visited set's size.
  int uniqueStates = -1;
  private final SortedMap<String, Integer> goalsReached = new TreeMap<>();
  private List<ExploreAction> goalPath = List.of();
  private Boolean judgesTransitions; // any invariant judges transitions; asked on first use

  SearchRun(
      ExploreModel model,
      InvariantSupply invariants,
      List<Goal> goals,
      ParentTree parents,
      List<ExploreAction> prefix,
      Consumer<String> progress,
      long progressEveryMillis) {
    this.model = model;
    this.options = model.options;
    this.invariants = invariants.all();
    this.transitionJudges = invariants.transitionJudges();
    this.reusedInvariants = new ReusedInvariants(this.invariants);
    this.reusedTransitionJudges = new ReusedInvariants(this.transitionJudges);
    this.goals = goals;
    this.parents = parents;
    this.prefix = List.copyOf(prefix);
    this.progress = progress;
    this.progressEveryMillis = progressEveryMillis;
    this.nextProgressMillis = progressEveryMillis;
  }

  /**
   * The supply of fresh instances (a worker thread wraps it in its own {@link ReusedInvariants}).
   */
  Supplier<List<Invariant>> invariants() {
    return invariants;
  }

  /**
   * Fresh instances of the invariants that judge transitions (for steps into seen states; a worker
   * thread wraps it in its own {@link ReusedInvariants}).
   */
  Supplier<List<Invariant>> transitionJudges() {
    return transitionJudges;
  }

  /** A fresh visited set holding the start state (at id or depth 0). */
  void visitStart() {
    visited = new FingerprintTable(1 << 16);
    visited.put(start.keyHigh, start.keyLow, 0);
  }

  // ------------------------------------------------------------------ properties

  String[] violated(SearchState s) {
    return violated(null, s);
  }

  /**
   * Checks {@code s} with the supplier's invariants after showing them {@code parent} (so an
   * invariant about transitions, such as "a leader's log only grows", sees the step that led here;
   * with fresh instances per call nothing else from other paths is remembered).
   */
  String[] violated(SearchState parent, SearchState s) {
    return violated(model, reusedInvariants, parent, s);
  }

  /** {@link #violated(SearchState, SearchState)} on a given model (parallel workers own one). */
  static String[] violated(
      ExploreModel model, Supplier<List<Invariant>> invariants, SearchState parent, SearchState s) {
    if (parent == null) {
      return violated(model, invariants.get(), null, s);
    }
    // Only transition judges need the parent: a state judge's verdict is a function of the state.
    // A violation (rare: it ends the search) is checked again with every invariant shown the
    // parent, so its property and message are what they always were (a state judge that remembers
    // may word a message after what it saw first).
    List<Invariant> list = invariants.get();
    StateView before = null;
    for (Invariant inv : list) {
      if (inv.judgesTransitions()) {
        before = before == null ? new StateView(model, parent) : before;
        inv.check(before); // only primes its memory: the parent was checked when it was found
      }
    }
    String[] quick = firstViolated(list, new StateView(model, s));
    return quick == null ? null : violated(model, invariants.get(), parent, s);
  }

  /**
   * Whether any invariant judges transitions ({@link Invariant#judgesTransitions}); when none does,
   * a step into an already visited state needs no check at all (asked once per search).
   */
  boolean judgesTransitions() {
    if (judgesTransitions == null) {
      judgesTransitions = !transitionJudges.get().isEmpty();
    }
    return judgesTransitions;
  }

  /**
   * Checks the step from {@code parent} into {@code s}, a state already visited (and checked then):
   * only the invariants that judge transitions, shown the parent first. Null when they hold or none
   * exists. Sound because every other invariant's verdict is a function of the state alone.
   */
  String[] violatedOnEdge(SearchState parent, SearchState s) {
    return judgesTransitions() ? violatedOnEdge(model, reusedTransitionJudges, parent, s) : null;
  }

  /**
   * {@link #violatedOnEdge(SearchState, SearchState)} on a given model (for parallel workers), with
   * fresh transition judges from {@code judges}.
   */
  static String[] violatedOnEdge(
      ExploreModel model, Supplier<List<Invariant>> judges, SearchState parent, SearchState s) {
    List<Invariant> steps = judges.get();
    return steps.isEmpty() ? null : violated(model, steps, parent, s);
  }

  private static String[] violated(
      ExploreModel model, List<Invariant> list, SearchState parent, SearchState s) {
    if (parent != null) {
      StateView before = new StateView(model, parent);
      for (Invariant inv : list) {
        inv.check(before); // only primes its memory: the parent was checked when it was found
      }
    }
    return firstViolated(list, new StateView(model, s));
  }

  /** The first of {@code list} that {@code view} breaks, as {name, problem}, or null. */
  private static String[] firstViolated(List<Invariant> list, StateView view) {
    for (Invariant inv : list) {
      String problem = inv.check(view);
      if (problem != null) {
        return new String[] {inv.name(), problem};
      }
    }
    return null;
  }

  /** Records goals reached in {@code s}; true when the search should stop there. */
  boolean goalsDone(SearchState s, int depth, Supplier<List<ExploreAction>> path) {
    if (!goalsOpen()) {
      return false;
    }
    StateView view = new StateView(model, s);
    for (Goal g : goals) {
      if (!goalsReached.containsKey(g.name()) && g.reached().test(view)) {
        goalsReached.put(g.name(), depth);
        goalPath = path.get();
      }
    }
    return options.stopAtGoal() && goalsReached.size() == goals.size();
  }

  /** How many goals the search has (parallel BFS keeps a state's reached goals as int bits). */
  int goalCount() {
    return goals.size();
  }

  /** Whether some goal is still unreached (else goals need no more checks). */
  boolean goalsOpen() {
    return !goals.isEmpty() && goalsReached.size() < goals.size();
  }

  /**
   * The goals {@code s} reaches, as bits in goal order (at most 32 goals), evaluated on {@code m}
   * (a parallel worker passes its own model; goal predicates only read the state).
   */
  int goalsReachedIn(ExploreModel m, SearchState s) {
    StateView view = new StateView(m, s);
    int bits = 0;
    for (int g = 0; g < goals.size(); g++) {
      if (goals.get(g).reached().test(view)) {
        bits |= 1 << g;
      }
    }
    return bits;
  }

  /**
   * Records the goals in {@code bits} not reached before, at {@code depth}; true when the search
   * should stop there.
   */
  boolean recordGoals(int bits, int depth, Supplier<List<ExploreAction>> path) {
    for (int g = 0; g < goals.size(); g++) {
      Goal goal = goals.get(g);
      if ((bits & (1 << g)) != 0 && !goalsReached.containsKey(goal.name())) {
        goalsReached.put(goal.name(), depth);
        goalPath = path.get();
      }
    }
    return options.stopAtGoal() && goalsReached.size() == goals.size();
  }

  boolean timedOut() {
    if (progress == null && options.timeLimitMillis() == 0) {
      return false;
    }
    long now = clock.elapsedMillis();
    if (progress != null && now >= nextProgressMillis) {
      nextProgressMillis = now + progressEveryMillis;
      long unique = visited == null ? 0 : uniqueStates();
      progress.accept(
          String.format(
              Locale.ROOT,
              "explore: %d unique states, %d generated, depth %d, %.0f unique states/s, %d s",
              unique,
              generated,
              deepest,
              now == 0 ? 0.0 : unique * 1000.0 / now,
              now / 1000));
    }
    return options.timeLimitMillis() > 0 && now >= options.timeLimitMillis();
  }

  // ------------------------------------------------------------------ paths

  /** The prefix plus the choices from the start to state {@code id}, replayed and checked. */
  List<ExploreAction> verifiedPath(int id, SearchState expected) {
    List<ExploreAction> path = new ArrayList<>(prefix);
    SearchState s = start;
    List<Integer> choices = parents.choicesTo(id);
    for (int k = choices.size() - 1; k >= 0; k--) {
      Choice c = model.choices(s).get(choices.get(k));
      path.add(c.action(model.ids, options.clockStepTicks()));
      s = model.apply(s, c);
      if (s == null) {
        throw new Nondeterminism("replaying " + path.getLast().describe() + " became a no-op");
      }
    }
    if (expected != null && !s.sameAs(expected)) {
      throw new Nondeterminism(
          "replaying the path to a recorded state reached a different state (a handler depends"
              + " on something other than its node's state)");
    }
    return path;
  }

  /**
   * The counterexample for a violation on the step {@code c} from state {@code parentId} (recorded
   * as {@code parent}) into an already visited state: the verified path to the parent, then {@code
   * c}.
   */
  List<ExploreAction> verifiedPathThen(int parentId, SearchState parent, Choice c) {
    List<ExploreAction> path = new ArrayList<>(verifiedPath(parentId, parent));
    path.add(c.action(model.ids, options.clockStepTicks()));
    return path;
  }

  /** The verified path to the parent {@code parentId}, then choice {@code c}. */
  List<ExploreAction> pathThen(int parentId, Choice c) {
    return verifiedPathThen(parentId, null, c);
  }

  // ------------------------------------------------------------------ results

  ExploreResult goalReached(int depth) {
    return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, depth);
  }

  ExploreResult violation(String[] broken, List<ExploreAction> path, int depth) {
    return finish(EndCondition.VIOLATION, null, broken[0], broken[1], path, depth);
  }

  /**
   * A transition property broken on the step {@code c} from the visited state {@code parentId}
   * ({@code parent}, at {@code parentDepth}) into a state visited before: both BFS engines report
   * it when they expand the parent, so in level order it is as short as any violation found later.
   */
  ExploreResult edgeViolation(
      String[] broken, int parentId, SearchState parent, Choice c, int parentDepth) {
    return violation(broken, verifiedPathThen(parentId, parent, c), parentDepth + 1);
  }

  ExploreResult handlerFailed(HandlerFailure e, List<ExploreAction> path, int depth) {
    return finish(
        EndCondition.VIOLATION, null, HandlerFailure.PROPERTY, e.getMessage(), path, depth);
  }

  ExploreResult nondeterministic(Nondeterminism e, List<ExploreAction> path, int depth) {
    return finish(EndCondition.NONDETERMINISM, null, null, e.getMessage(), path, depth);
  }

  ExploreResult maxStates(int depth) {
    return finish(EndCondition.BOUND_REACHED, "max-states", null, null, List.of(), depth);
  }

  ExploreResult timeOut() {
    return finish(EndCondition.TIME_OUT, null, null, null, List.of(), deepest);
  }

  /** The end of a search that ran out of states: cut by the depth bound, or exhausted. */
  ExploreResult ranOut(boolean depthCut) {
    return depthCut
        ? finish(EndCondition.BOUND_REACHED, "max-depth", null, null, List.of(), deepest)
        : finish(EndCondition.SPACE_EXHAUSTED, null, null, null, List.of(), deepest);
  }

  private ExploreResult finish(
      EndCondition end,
      String bound,
      String property,
      String message,
      List<ExploreAction> path,
      int depth) {
    deepest = Math.max(deepest, depth);
    if (end == EndCondition.VIOLATION
        && options.strategy() != ExploreOptions.Strategy.BFS
        && property != null
        && !property.equals(HandlerFailure.PROPERTY)) {
      // DFS and random walks find long paths: shorten them (BFS paths are already shortest).
      List<ExploreAction> shorter =
          new PathMinimizer(model, invariants, prefix).minimize(path, property);
      if (shorter.size() < path.size()) {
        path = shorter;
        String again = replayMessage(shorter);
        if (again != null) {
          message = again;
        }
      }
    }
    long visitedBytes = visited == null ? 0 : visited.bytes() + parents.bytes();
    Runtime rt = Runtime.getRuntime();
    return new ExploreResult(
        end,
        bound,
        faultBounds(),
        generated,
        visited == null ? 1 : uniqueStates(),
        deepest,
        clock.elapsedMillis(),
        visitedBytes,
        rt.totalMemory() - rt.freeMemory(),
        property,
        message,
        List.copyOf(path),
        new TreeMap<>(goalsReached),
        missedGoals());
  }

  private int uniqueStates() {
    return uniqueStates >= 0 ? uniqueStates : visited.size();
  }

  private List<String> missedGoals() {
    List<String> missed = new ArrayList<>();
    for (Goal g : goals) {
      if (!goalsReached.containsKey(g.name())) {
        missed.add(g.name());
      }
    }
    return missed;
  }

  /** The violation message at the end of {@code path}, or null. */
  private String replayMessage(List<ExploreAction> path) {
    SearchState s = model.initial();
    SearchState parent = null;
    for (ExploreAction a : path) {
      Choice c = Explorer.find(model, s, a::equals);
      if (c == null) {
        return null;
      }
      parent = s;
      s = Explorer.applyOrSame(s, c, model);
    }
    String[] broken = violated(parent, s);
    return broken == null ? null : broken[1];
  }

  private String faultBounds() {
    int hit = model.boundsHit() | workerBoundsHit | cutBoundsHit;
    return bound("max-crashes", options.maxCrashes(), hit, ExploreModel.HIT_CRASHES)
        + ", "
        + bound("max-drops", options.maxDrops(), hit, ExploreModel.HIT_DROPS)
        + ", "
        + bound("max-partitions", options.maxPartitions(), hit, ExploreModel.HIT_PARTITIONS)
        + ", "
        + bound("max-clock-steps", options.maxClockSteps(), hit, ExploreModel.HIT_CLOCK)
        + ", "
        + bound("max-link-cuts", options.maxLinkCuts(), hit, ExploreModel.HIT_LINK_CUTS)
        + (options.maxClockChoices() > 0
            ? ", "
                + bound(
                    "max-clock-choices",
                    options.maxClockChoices(),
                    hit,
                    ExploreModel.HIT_CLOCK_CHOICES)
            : "")
        + (options.duplicates() ? ", duplicates on" : "")
        + model.boundsDescription(hit);
  }

  private static String bound(String name, int value, int hit, int bit) {
    // A bound of 0 says by itself that the fault was off; a positive one that was used up matters.
    return name + "=" + value + (value > 0 && (hit & bit) != 0 ? " (limited the search)" : "");
  }
}
