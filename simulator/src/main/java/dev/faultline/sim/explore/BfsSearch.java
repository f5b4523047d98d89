package dev.faultline.sim.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Breadth-first search on one thread: shortest counterexamples, and the reference the parallel
 * search ({@link ParallelBfsSearch}) must equal in every result field but time and heap.
 *
 * <p>Memory: a state at the depth bound is never expanded; the search only needs to know whether it
 * has an enabled choice (then the bound cut the search). BFS therefore lists its choices when it is
 * found and does not queue it, instead of holding the whole last level -- usually the largest -- in
 * the queue. Listing choices records which fault bounds disabled an action; a separate model
 * collects those bits and they count only if the search runs to the end of its queue, when the
 * queued version would have listed them too.
 */
final class BfsSearch {
  /** A state waiting in the queue, with its visited id and depth. */
  record Queued(SearchState state, int id, int depth) {}

  private final SearchRun run;
  private final ExploreModel model;
  private final ExploreModel atBound;
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  // The choices of the state being expanded: one list, refilled per state (never escapes the loop).
  private final List<Choice> expanding = new ArrayList<>();
  private boolean depthCut;

  BfsSearch(SearchRun run, ExploreModel atBound) {
    this.run = run;
    this.model = run.model;
    this.atBound = atBound;
  }

  /** The common opening of both BFS engines: the start state visited with id 0, or a goal. */
  static ExploreResult open(SearchRun run) {
    run.visitStart();
    run.parents.set(0, -1, -1);
    return run.goalsDone(run.start, 0, () -> List.of()) ? run.goalReached(0) : null;
  }

  ExploreResult search() {
    ExploreResult early = open(run);
    if (early != null) {
      return early;
    }
    queue.add(new Queued(run.start, 0, 0));
    while (!queue.isEmpty()) {
      Queued q = queue.poll();
      List<Choice> choices = model.choices(q.state(), expanding);
      if (q.depth() >= run.options.maxDepth()) {
        depthCut |= !choices.isEmpty();
        continue;
      }
      for (int k = 0; k < choices.size(); k++) {
        ExploreResult end = step(q, k, choices.get(k));
        if (end != null) {
          return end;
        }
      }
      if (run.timedOut()) {
        return run.timeOut();
      }
    }
    run.cutBoundsHit = atBound.boundsHit();
    return run.ranOut(depthCut);
  }

  /** Takes choice {@code k} from {@code q}; a result ends the search. */
  private ExploreResult step(Queued q, int k, Choice c) {
    SearchState next;
    try {
      next = model.apply(q.state(), c);
    } catch (HandlerFailure e) {
      return run.handlerFailed(e, run.pathThen(q.id(), c), q.depth() + 1);
    } catch (Nondeterminism e) {
      return run.nondeterministic(e, run.pathThen(q.id(), c), q.depth() + 1);
    }
    if (next == null) {
      return null;
    }
    run.generated++;
    int id = run.visited.size();
    if (!run.visited.add(next.keyHigh, next.keyLow, id)) {
      // A state seen before was checked then; a step into it can still break a step property.
      String[] broken = run.violatedOnEdge(q.state(), next);
      return broken == null ? null : run.edgeViolation(broken, q.id(), q.state(), c, q.depth());
    }
    run.parents.set(id, q.id(), k);
    int depth = q.depth() + 1;
    run.deepest = Math.max(run.deepest, depth);
    String[] broken = run.violated(q.state(), next);
    if (broken != null) {
      return run.violation(broken, run.verifiedPath(id, next), depth);
    }
    ExploreResult end = afterNewState(run, id, next, depth);
    if (end != null) {
      return end;
    }
    if (depth >= run.options.maxDepth()) {
      depthCut |= atBound.hasChoices(next);
    } else {
      queue.add(new Queued(next, id, depth));
    }
    return null;
  }

  /** Goals and the state bound, checked for each new state by both BFS engines alike. */
  static ExploreResult afterNewState(SearchRun run, int id, SearchState next, int depth) {
    if (run.goalsDone(next, depth, () -> run.verifiedPath(id, next))) {
      return run.goalReached(depth);
    }
    if (run.visited.size() >= run.options.maxStates()) {
      return run.maxStates(depth);
    }
    return null;
  }
}
