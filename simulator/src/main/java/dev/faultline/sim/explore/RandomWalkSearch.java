package dev.faultline.sim.explore;

import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeded random walks from the start state, each up to the depth bound or a dead end, until a
 * violation, the goals, the state bound (states generated in total) or the time limit.
 * Reproducible: one pinned stream per seed.
 */
final class RandomWalkSearch {
  private final SearchRun run;
  private final ExploreModel model;
  private final Rng rng;

  RandomWalkSearch(SearchRun run) {
    this.run = run;
    this.model = run.model;
    this.rng = Rng.derived(run.options.seed(), "explore-walk");
  }

  ExploreResult search() {
    run.visitStart();
    if (run.goalsDone(run.start, 0, List::of)) {
      return run.goalReached(0);
    }
    while (true) {
      ExploreResult end = walk();
      if (end != null) {
        return end;
      }
    }
  }

  /** One walk from the start; a result ends the search. */
  private ExploreResult walk() {
    SearchState s = run.start;
    List<ExploreAction> path = new ArrayList<>(run.prefix);
    for (int depth = 0; depth < run.options.maxDepth(); depth++) {
      List<Choice> choices = model.choices(s);
      if (choices.isEmpty()) {
        break;
      }
      Choice c = choices.get(rng.nextInt(choices.size()));
      path.add(c.action(model.ids, run.options.clockStepTicks()));
      SearchState next;
      try {
        next = model.apply(s, c);
      } catch (HandlerFailure e) {
        return run.handlerFailed(e, path, depth + 1);
      } catch (Nondeterminism e) {
        return run.nondeterministic(e, path, depth + 1);
      }
      if (next == null) {
        path.removeLast();
        continue;
      }
      ExploreResult end = arrive(s, next, path, depth + 1);
      if (end != null) {
        return end;
      }
      s = next;
    }
    return null;
  }

  private ExploreResult arrive(
      SearchState parent, SearchState s, List<ExploreAction> path, int depth) {
    run.generated++;
    run.deepest = Math.max(run.deepest, depth);
    if (run.visited.put(s.keyHigh, s.keyLow, depth) == FingerprintTable.ABSENT) {
      String[] broken = run.violated(parent, s);
      if (broken != null) {
        return run.violation(broken, path, depth);
      }
      List<ExploreAction> here = List.copyOf(path);
      if (run.goalsDone(s, depth, () -> here)) {
        return run.goalReached(depth);
      }
    } else {
      // A state seen before was checked then; a step into it can still break a step property.
      String[] broken = run.violatedOnEdge(parent, s);
      if (broken != null) {
        return run.violation(broken, path, depth);
      }
    }
    if (run.generated >= run.options.maxStates()) {
      return run.maxStates(run.deepest);
    }
    if ((run.generated & 1023) == 0 && run.timedOut()) {
      return run.timeOut();
    }
    return null;
  }
}
