package dev.faultline.sim.explore;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Exhaustive (BFS, DFS) or seeded random exploration of a cluster's state space, checking
 * invariants on every new state and recording goals. BFS keeps only fingerprints and parent
 * pointers for visited states and rebuilds a counterexample by replaying choices from the start, so
 * a replay that does not reach the recorded state is reported as nondeterminism.
 *
 * <p>Invariants come from a supplier called for every check: pass one that builds fresh instances
 * (e.g. {@code () -> spec.freshInvariants(params)}) when invariants remember earlier states, as
 * memory from one path must not leak into another. Passing the cluster's own list is faster and
 * right for memoryless invariants.
 */
public final class Explorer {
  private final Cluster cluster;
  private final ExploreModel model;
  private final Supplier<List<Invariant>> invariants;
  private final List<Goal> goals;
  private final ExploreOptions options;
  private int threads = 1;
  // Parallel BFS grain: parents expanded per round before merging (bounds the successors held at
  // once), and parents per chunk one worker claims. Tests shrink both to force interleavings.
  private int batchParents = 4096;
  private int chunkParents = 16;

  // search bookkeeping (one search per call)
  private WallClock clock;
  private long generated;
  private int deepest;
  private final SortedMap<String, Integer> goalsReached = new TreeMap<>();
  private List<ExploreAction> goalPath = List.of();
  private FingerprintTable visited;
  private int[] parents = new int[1024];
  private int[] parentChoices = new int[1024];
  private List<ExploreAction> prefix = List.of();
  private SearchState start;
  private java.util.function.Consumer<String> progress;
  private long progressEveryMillis;
  private long nextProgressMillis;
  private int workerBoundsHit; // fault-bound bits set by parallel workers' models (canonical)
  private int cutBoundsHit; // bits from listing the choices of states at the depth bound

  public Explorer(
      Cluster cluster,
      Supplier<List<Invariant>> invariants,
      List<Goal> goals,
      ExploreOptions options) {
    this.cluster = cluster;
    this.model = new ExploreModel(cluster, options);
    this.invariants = invariants;
    this.goals = List.copyOf(goals);
    this.options = options;
  }

  /** Explores from the start state (every node booted). */
  public ExploreResult explore() {
    return explore(List.of());
  }

  /**
   * Explores from the state reached by {@code prefix} (a staged search: e.g. the path of an earlier
   * result's goal, or a scenario's opening moves). Reported paths include the prefix.
   */
  public ExploreResult explore(List<ExploreAction> prefix) {
    clock = new WallClock();
    nextProgressMillis = progressEveryMillis;
    generated = 0;
    deepest = 0;
    workerBoundsHit = 0;
    cutBoundsHit = 0;
    goalsReached.clear();
    goalPath = List.of();
    this.prefix = List.copyOf(prefix);
    try {
      start = model.initial();
      List<ExploreAction> walked = new ArrayList<>();
      for (ExploreAction a : prefix) {
        Choice c = find(model, start, a::equals);
        if (c == null) {
          throw new IllegalArgumentException(
              "prefix step " + (walked.size() + 1) + " (" + a.describe() + ") is not enabled");
        }
        walked.add(a);
        start = applyOrSame(start, c);
        String[] broken = violated(start);
        if (broken != null) {
          return finish(EndCondition.VIOLATION, null, broken[0], broken[1], walked, 0);
        }
      }
    } catch (HandlerFailure e) {
      return finish(
          EndCondition.VIOLATION, null, HandlerFailure.PROPERTY, e.getMessage(), prefix, 0);
    } catch (Nondeterminism e) {
      return finish(EndCondition.NONDETERMINISM, null, null, e.getMessage(), prefix, 0);
    }
    String[] broken = violated(start);
    if (broken != null) {
      return finish(EndCondition.VIOLATION, null, broken[0], broken[1], this.prefix, 0);
    }
    start = model.searchStart(start); // model bounds (if any) count from here
    return switch (options.strategy()) {
      case BFS -> threads > 1 ? bfsParallel() : bfs();
      case DFS -> dfs();
      case RANDOM -> randomWalks();
    };
  }

  // ------------------------------------------------------------------ breadth-first

  private record Queued(SearchState state, int id, int depth) {}

  /*
   * Memory: a state at the depth bound is never expanded; the search only needs to know whether it
   * has an enabled choice (then the bound cut the search). BFS therefore lists its choices when it
   * is found and does not queue it, instead of holding the whole last level -- usually the largest
   * -- in the queue. Listing choices records which fault bounds disabled an action; a separate
   * model collects those bits and they count only if the search runs to the end of its queue, when
   * the queued version would have listed them too.
   */

  private ExploreResult bfs() {
    visited = new FingerprintTable(1 << 16);
    visited.put(start.fingerprintHigh, start.fingerprintLow, 0);
    setParent(0, -1, -1);
    if (goalsDone(start, 0, () -> List.of())) {
      return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, 0);
    }
    ArrayDeque<Queued> queue = new ArrayDeque<>();
    queue.add(new Queued(start, 0, 0));
    boolean depthCut = false;
    ExploreModel atBound = new ExploreModel(cluster, options);
    while (!queue.isEmpty()) {
      Queued q = queue.poll();
      List<Choice> choices = model.choices(q.state);
      if (q.depth >= options.maxDepth()) {
        depthCut |= !choices.isEmpty();
        continue;
      }
      for (int k = 0; k < choices.size(); k++) {
        Choice c = choices.get(k);
        SearchState next;
        try {
          next = model.apply(q.state, c);
        } catch (HandlerFailure e) {
          return finish(
              EndCondition.VIOLATION,
              null,
              HandlerFailure.PROPERTY,
              e.getMessage(),
              pathThen(q.id, c),
              q.depth + 1);
        } catch (Nondeterminism e) {
          return finish(
              EndCondition.NONDETERMINISM,
              null,
              null,
              e.getMessage(),
              pathThen(q.id, c),
              q.depth + 1);
        }
        if (next == null) {
          continue;
        }
        generated++;
        int id = visited.size();
        if (visited.put(next.fingerprintHigh, next.fingerprintLow, id) != FingerprintTable.ABSENT) {
          continue;
        }
        setParent(id, q.id, k);
        int depth = q.depth + 1;
        deepest = Math.max(deepest, depth);
        String[] broken = violated(q.state, next);
        if (broken != null) {
          return finish(
              EndCondition.VIOLATION, null, broken[0], broken[1], verifiedPath(id, next), depth);
        }
        if (goalsDone(next, depth, () -> verifiedPath(id, next))) {
          return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, depth);
        }
        if (visited.size() >= options.maxStates()) {
          return finish(EndCondition.BOUND_REACHED, "max-states", null, null, List.of(), depth);
        }
        if (depth >= options.maxDepth()) {
          depthCut |= !atBound.choices(next).isEmpty();
        } else {
          queue.add(new Queued(next, id, depth));
        }
      }
      if (timedOut()) {
        return finish(EndCondition.TIME_OUT, null, null, null, List.of(), deepest);
      }
    }
    cutBoundsHit = atBound.boundsHit();
    return depthCut
        ? finish(EndCondition.BOUND_REACHED, "max-depth", null, null, List.of(), deepest)
        : finish(EndCondition.SPACE_EXHAUSTED, null, null, null, List.of(), deepest);
  }

  /**
   * BFS with worker threads, equal to {@link #bfs()} in every result field but time and heap: the
   * queue is consumed in batches of parents; {@link BfsWorkers} expands a batch (steps and
   * fingerprints in parallel, then invariant checks of each new state once, in parallel), then this
   * thread merges the expansions in parent order and choice order exactly as {@link #bfs()}
   * processes them (visited-set insertion, ids, parent pointers, counts, goals, bounds), so the
   * first violation in that order is the one reported.
   *
   * <p>Why {@link #bfs()} is kept beside it although the merge below repeats its loop: one thread
   * through this batched engine measured ~17 % slower (Raft depth 10, 2M states: 258k → 215k unique
   * states/s), as stepping a whole batch before merging loses the sequential loop's locality.
   */
  private ExploreResult bfsParallel() {
    visited = new FingerprintTable(1 << 16);
    visited.put(start.fingerprintHigh, start.fingerprintLow, 0);
    setParent(0, -1, -1);
    if (goalsDone(start, 0, () -> List.of())) {
      return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, 0);
    }
    ArrayDeque<Queued> queue = new ArrayDeque<>();
    queue.add(new Queued(start, 0, 0));
    boolean depthCut = false;
    boolean cutPending = false; // some state at the depth bound has a choice (see bfs())
    List<Queued> batch = new ArrayList<>();
    List<SearchState> parents = new ArrayList<>();
    try (BfsWorkers workers = new BfsWorkers(cluster, options, invariants, threads, chunkParents)) {
      while (!queue.isEmpty()) {
        batch.clear();
        parents.clear();
        while (batch.size() < batchParents && !queue.isEmpty()) {
          Queued q = queue.poll();
          batch.add(q);
          parents.add(q.state);
        }
        int[] depths = new int[batch.size()];
        for (int b = 0; b < depths.length; b++) {
          depths[b] = batch.get(b).depth;
        }
        ParentExpansion[] expanded = workers.expand(parents, depths, visited);
        for (int b = 0; b < expanded.length; b++) {
          Queued q = batch.get(b);
          ParentExpansion x = expanded[b];
          expanded[b] = null; // let the successors go as soon as they are merged
          workerBoundsHit |= x.newBoundsBits; // bits in the order the sequential search sets them
          if (q.depth >= options.maxDepth()) {
            depthCut |= x.hasChoices;
            continue;
          }
          List<ParentExpansion.Outcome> outcomes = x.outcomes;
          for (int k = 0; k < outcomes.size(); k++) {
            ParentExpansion.Outcome o = outcomes.get(k);
            workerBoundsHit |= o.newBoundsBits;
            SearchState next = o.next;
            if (next == null) {
              continue;
            }
            generated++;
            int id = visited.size();
            if (o.seen
                || visited.put(next.fingerprintHigh, next.fingerprintLow, id)
                    != FingerprintTable.ABSENT) {
              continue;
            }
            setParent(id, q.id, k);
            int depth = q.depth + 1;
            deepest = Math.max(deepest, depth);
            if (o.invariantFailure != null) {
              throw o.invariantFailure; // as the single-threaded search would, at this state
            }
            String[] broken = o.broken;
            if (broken != null) {
              return finish(
                  EndCondition.VIOLATION,
                  null,
                  broken[0],
                  broken[1],
                  verifiedPath(id, next),
                  depth);
            }
            if (goalsDone(next, depth, () -> verifiedPath(id, next))) {
              return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, depth);
            }
            if (visited.size() >= options.maxStates()) {
              return finish(EndCondition.BOUND_REACHED, "max-states", null, null, List.of(), depth);
            }
            if (depth >= options.maxDepth()) {
              cutPending |= o.cutHasChoices;
            } else {
              queue.add(new Queued(next, id, depth));
            }
          }
          if (x.failure != null) {
            workerBoundsHit |= x.failureBoundsBits;
            List<ExploreAction> path = pathThen(q.id, x.failedChoice);
            if (x.failure instanceof HandlerFailure e) {
              return finish(
                  EndCondition.VIOLATION,
                  null,
                  HandlerFailure.PROPERTY,
                  e.getMessage(),
                  path,
                  q.depth + 1);
            }
            if (x.failure instanceof Nondeterminism e) {
              return finish(
                  EndCondition.NONDETERMINISM, null, null, e.getMessage(), path, q.depth + 1);
            }
            throw x.failure;
          }
          if (timedOut()) {
            return finish(EndCondition.TIME_OUT, null, null, null, List.of(), deepest);
          }
        }
      }
      cutBoundsHit = workers.cutBoundsHit();
    }
    depthCut |= cutPending;
    return depthCut
        ? finish(EndCondition.BOUND_REACHED, "max-depth", null, null, List.of(), deepest)
        : finish(EndCondition.SPACE_EXHAUSTED, null, null, null, List.of(), deepest);
  }

  private void setParent(int id, int parent, int choice) {
    if (id >= parents.length) {
      int size = Math.max(parents.length * 2, id + 1);
      parents = Arrays.copyOf(parents, size);
      parentChoices = Arrays.copyOf(parentChoices, size);
    }
    parents[id] = parent;
    parentChoices[id] = choice;
  }

  /** The prefix plus the choices from the start to state {@code id}, replayed and checked. */
  private List<ExploreAction> verifiedPath(int id, SearchState expected) {
    List<Integer> choices = new ArrayList<>();
    for (int at = id; parents[at] >= 0; at = parents[at]) {
      choices.add(parentChoices[at]);
    }
    List<ExploreAction> path = new ArrayList<>(prefix);
    SearchState s = start;
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

  private List<ExploreAction> pathThen(int parentId, Choice c) {
    List<ExploreAction> path = new ArrayList<>(verifiedPath(parentId, null));
    path.add(c.action(model.ids, options.clockStepTicks()));
    return path;
  }

  // ------------------------------------------------------------------ depth-first

  private static final class Frame {
    final SearchState state;
    final List<Choice> choices;
    final ExploreAction via;
    int next;

    Frame(SearchState state, List<Choice> choices, ExploreAction via) {
      this.state = state;
      this.choices = choices;
      this.via = via;
    }
  }

  private ExploreResult dfs() {
    // The visited set maps a state to the smallest depth it was expanded at: reaching it again
    // with more depth left re-expands it, so the depth bound does not hide states.
    visited = new FingerprintTable(1 << 16);
    visited.put(start.fingerprintHigh, start.fingerprintLow, 0);
    if (goalsDone(start, 0, List::of)) {
      return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, 0);
    }
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(start, model.choices(start), null));
    boolean depthCut = false;
    long expansions = 0;
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      int depth = stack.size() - 1;
      if (top.next >= top.choices.size() || depth >= options.maxDepth()) {
        depthCut |= depth >= options.maxDepth() && !top.choices.isEmpty();
        stack.pop();
        continue;
      }
      Choice c = top.choices.get(top.next++);
      SearchState next;
      try {
        next = model.apply(top.state, c);
      } catch (HandlerFailure e) {
        return finish(
            EndCondition.VIOLATION,
            null,
            HandlerFailure.PROPERTY,
            e.getMessage(),
            stackPath(stack, c),
            depth + 1);
      } catch (Nondeterminism e) {
        return finish(
            EndCondition.NONDETERMINISM,
            null,
            null,
            e.getMessage(),
            stackPath(stack, c),
            depth + 1);
      }
      if (next == null) {
        continue;
      }
      generated++;
      int seenAt = visited.get(next.fingerprintHigh, next.fingerprintLow);
      if (seenAt != FingerprintTable.ABSENT && seenAt <= depth + 1) {
        continue;
      }
      visited.put(next.fingerprintHigh, next.fingerprintLow, depth + 1);
      deepest = Math.max(deepest, depth + 1);
      if (seenAt == FingerprintTable.ABSENT) {
        String[] broken = violated(top.state, next);
        if (broken != null) {
          return finish(
              EndCondition.VIOLATION, null, broken[0], broken[1], stackPath(stack, c), depth + 1);
        }
        if (goalsDone(next, depth + 1, () -> stackPath(stack, c))) {
          return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, depth + 1);
        }
        if (visited.size() >= options.maxStates()) {
          return finish(EndCondition.BOUND_REACHED, "max-states", null, null, List.of(), depth + 1);
        }
      }
      stack.push(
          new Frame(next, model.choices(next), c.action(model.ids, options.clockStepTicks())));
      if ((++expansions & 1023) == 0 && timedOut()) {
        return finish(EndCondition.TIME_OUT, null, null, null, List.of(), deepest);
      }
    }
    return depthCut
        ? finish(EndCondition.BOUND_REACHED, "max-depth", null, null, List.of(), deepest)
        : finish(EndCondition.SPACE_EXHAUSTED, null, null, null, List.of(), deepest);
  }

  private List<ExploreAction> stackPath(ArrayDeque<Frame> stack, Choice last) {
    List<ExploreAction> path = new ArrayList<>(prefix);
    var it = stack.descendingIterator();
    while (it.hasNext()) {
      Frame f = it.next();
      if (f.via != null) {
        path.add(f.via);
      }
    }
    path.add(last.action(model.ids, options.clockStepTicks()));
    return path;
  }

  // ------------------------------------------------------------------ random walks

  private ExploreResult randomWalks() {
    // Reproducible: one pinned stream per seed. maxStates bounds the states generated in total.
    Rng rng = Rng.derived(options.seed(), "explore-walk");
    visited = new FingerprintTable(1 << 16);
    visited.put(start.fingerprintHigh, start.fingerprintLow, 0);
    if (goalsDone(start, 0, List::of)) {
      return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, 0);
    }
    while (true) {
      SearchState s = start;
      List<ExploreAction> path = new ArrayList<>(prefix);
      for (int depth = 0; depth < options.maxDepth(); depth++) {
        List<Choice> choices = model.choices(s);
        if (choices.isEmpty()) {
          break;
        }
        Choice c = choices.get(rng.nextInt(choices.size()));
        path.add(c.action(model.ids, options.clockStepTicks()));
        SearchState next;
        SearchState parent = s;
        try {
          next = model.apply(s, c);
        } catch (HandlerFailure e) {
          return finish(
              EndCondition.VIOLATION,
              null,
              HandlerFailure.PROPERTY,
              e.getMessage(),
              path,
              depth + 1);
        } catch (Nondeterminism e) {
          return finish(EndCondition.NONDETERMINISM, null, null, e.getMessage(), path, depth + 1);
        }
        if (next == null) {
          path.removeLast();
          continue;
        }
        s = next;
        generated++;
        deepest = Math.max(deepest, depth + 1);
        if (visited.put(s.fingerprintHigh, s.fingerprintLow, depth + 1)
            == FingerprintTable.ABSENT) {
          String[] broken = violated(parent, s);
          if (broken != null) {
            return finish(EndCondition.VIOLATION, null, broken[0], broken[1], path, depth + 1);
          }
          List<ExploreAction> here = List.copyOf(path);
          if (goalsDone(s, depth + 1, () -> here)) {
            return finish(EndCondition.GOAL_REACHED, null, null, null, goalPath, depth + 1);
          }
        }
        if (generated >= options.maxStates()) {
          return finish(EndCondition.BOUND_REACHED, "max-states", null, null, List.of(), deepest);
        }
        if ((generated & 1023) == 0 && timedOut()) {
          return finish(EndCondition.TIME_OUT, null, null, null, List.of(), deepest);
        }
      }
    }
  }

  // ------------------------------------------------------------------ properties

  private String[] violated(SearchState s) {
    return violated(null, s);
  }

  /**
   * Checks {@code s} with the supplier's invariants after showing them {@code parent} (so an
   * invariant about transitions, such as "a leader's log only grows", sees the step that led here;
   * with fresh instances per call nothing else from other paths is remembered).
   */
  private String[] violated(SearchState parent, SearchState s) {
    return violated(model, invariants, parent, s);
  }

  /** {@link #violated(SearchState, SearchState)} on a given model (parallel workers own one). */
  static String[] violated(
      ExploreModel model, Supplier<List<Invariant>> invariants, SearchState parent, SearchState s) {
    List<Invariant> list = invariants.get();
    if (parent != null) {
      StateView before = new StateView(model, parent);
      for (Invariant inv : list) {
        inv.check(before); // only primes its memory: the parent was checked when it was found
      }
    }
    StateView view = new StateView(model, s);
    for (Invariant inv : list) {
      String problem = inv.check(view);
      if (problem != null) {
        return new String[] {inv.name(), problem};
      }
    }
    return null;
  }

  /** Records goals reached in {@code s}; true when the search should stop there. */
  private boolean goalsDone(SearchState s, int depth, Supplier<List<ExploreAction>> path) {
    if (goals.isEmpty() || goalsReached.size() == goals.size()) {
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

  private boolean timedOut() {
    if (progress == null && options.timeLimitMillis() == 0) {
      return false;
    }
    long now = clock.elapsedMillis();
    if (progress != null && now >= nextProgressMillis) {
      nextProgressMillis = now + progressEveryMillis;
      long unique = visited == null ? 0 : visited.size();
      progress.accept(
          String.format(
              java.util.Locale.ROOT,
              "explore: %d unique states, %d generated, depth %d, %.0f unique states/s, %d s",
              unique,
              generated,
              deepest,
              now == 0 ? 0.0 : unique * 1000.0 / now,
              now / 1000));
    }
    return options.timeLimitMillis() > 0 && now >= options.timeLimitMillis();
  }

  /**
   * Reports a one-line progress message every {@code everyMillis} of search time (the CLI turns
   * this on when stderr is a terminal). Progress only reads the search's own counters.
   */
  public Explorer withProgress(java.util.function.Consumer<String> sink, long everyMillis) {
    this.progress = sink;
    this.progressEveryMillis = everyMillis;
    this.nextProgressMillis = everyMillis;
    return this;
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
      String[] again = new String[1];
      List<ExploreAction> shorter =
          new PathMinimizer(model, invariants, prefix).minimize(path, property);
      if (shorter.size() < path.size()) {
        path = shorter;
        again[0] = replayMessage(shorter);
        if (again[0] != null) {
          message = again[0];
        }
      }
    }
    long visitedBytes = visited == null ? 0 : visited.bytes() + (long) parents.length * 8;
    Runtime rt = Runtime.getRuntime();
    List<String> missed = new ArrayList<>();
    for (Goal g : goals) {
      if (!goalsReached.containsKey(g.name())) {
        missed.add(g.name());
      }
    }
    return new ExploreResult(
        end,
        bound,
        faultBounds(),
        generated,
        visited == null ? 1 : visited.size(),
        deepest,
        clock.elapsedMillis(),
        visitedBytes,
        rt.totalMemory() - rt.freeMemory(),
        property,
        message,
        List.copyOf(path),
        new TreeMap<>(goalsReached),
        missed);
  }

  /** The violation message at the end of {@code path}, or null. */
  private String replayMessage(List<ExploreAction> path) {
    SearchState s = model.initial();
    SearchState parent = null;
    for (ExploreAction a : path) {
      Choice c = find(model, s, a::equals);
      if (c == null) {
        return null;
      }
      parent = s;
      s = applyOrSame(s, c);
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
        + (options.duplicates() ? ", duplicates on" : "")
        + model.boundsDescription(hit);
  }

  private static String bound(String name, int value, int hit, int bit) {
    // A bound of 0 says by itself that the fault was off; a positive one that was used up matters.
    return name + "=" + value + (value > 0 && (hit & bit) != 0 ? " (limited the search)" : "");
  }

  // ------------------------------------------------------------------ shared helpers

  /** The enabled choice whose public action satisfies {@code match}, or null. */
  static Choice find(ExploreModel model, SearchState s, Predicate<ExploreAction> match) {
    for (Choice c : model.choices(s)) {
      if (match.test(c.action(model.ids, model.options.clockStepTicks()))) {
        return c;
      }
    }
    return null;
  }

  /** Applies a choice; a pruned no-op leaves the state as it was. */
  static SearchState applyOrSame(SearchState s, Choice c, ExploreModel model) {
    SearchState next = model.apply(s, c);
    return next == null ? s : next;
  }

  private SearchState applyOrSame(SearchState s, Choice c) {
    return applyOrSame(s, c, model);
  }

  /**
   * Runs BFS with {@code threads} worker threads (default 1). The result is identical to the
   * single-threaded search for the same options — end condition, counts, depth, goals, fault-bound
   * notes and counterexample — only time and heap differ. With more than one thread the invariant
   * supplier is called from worker threads: the lists it returns must not share mutable instances
   * (fresh instances per call, as the explorer recommends anyway, or stateless/thread-safe ones).
   * DFS and random walks ignore it.
   */
  public Explorer withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    this.threads = threads;
    return this;
  }

  /** Sets the parallel BFS grain (tests use tiny values so workers interleave on small spaces). */
  Explorer withParallelGrain(int batchParents, int chunkParents) {
    if (batchParents < 1 || chunkParents < 1) {
      throw new IllegalArgumentException("grain must be >= 1");
    }
    this.batchParents = batchParents;
    this.chunkParents = chunkParents;
    return this;
  }

  /** The model this explorer runs (for replays and tests). */
  public ExploreModel model() {
    return model;
  }
}
