package dev.faultline.sim.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Depth-first search with a depth bound. The visited set maps a state to the smallest depth it was
 * expanded at: reaching it again with more depth left re-expands it, so the depth bound does not
 * hide states. Counterexamples are the stack's path, shortened afterwards.
 */
final class DfsSearch {
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

  private final SearchRun run;
  private final ExploreModel model;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private boolean depthCut;
  private long expansions;

  DfsSearch(SearchRun run) {
    this.run = run;
    this.model = run.model;
  }

  ExploreResult search() {
    run.visitStart();
    if (run.goalsDone(run.start, 0, List::of)) {
      return run.goalReached(0);
    }
    stack.push(new Frame(run.start, model.choices(run.start), null));
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      int depth = stack.size() - 1;
      if (top.next >= top.choices.size() || depth >= run.options.maxDepth()) {
        depthCut |= depth >= run.options.maxDepth() && !top.choices.isEmpty();
        stack.pop();
        continue;
      }
      ExploreResult end = step(top, depth, top.choices.get(top.next++));
      if (end != null) {
        return end;
      }
    }
    return run.ranOut(depthCut);
  }

  /** Takes choice {@code c} from the top frame; a result ends the search. */
  private ExploreResult step(Frame top, int depth, Choice c) {
    SearchState next;
    try {
      next = model.apply(top.state, c);
    } catch (HandlerFailure e) {
      return run.handlerFailed(e, stackPath(c), depth + 1);
    } catch (Nondeterminism e) {
      return run.nondeterministic(e, stackPath(c), depth + 1);
    }
    if (next == null) {
      return null;
    }
    run.generated++;
    int seenAt = run.visited.get(next.keyHigh, next.keyLow);
    if (seenAt != FingerprintTable.ABSENT) {
      // A state seen before was checked then; a step into it can still break a step property.
      String[] broken = run.violatedOnEdge(top.state, next);
      if (broken != null) {
        return run.violation(broken, stackPath(c), depth + 1);
      }
      if (seenAt <= depth + 1) {
        return null;
      }
    }
    run.visited.put(next.keyHigh, next.keyLow, depth + 1);
    run.deepest = Math.max(run.deepest, depth + 1);
    if (seenAt == FingerprintTable.ABSENT) {
      ExploreResult end = checkNew(top.state, next, depth + 1, c);
      if (end != null) {
        return end;
      }
    }
    stack.push(
        new Frame(next, model.choices(next), c.action(model.ids, run.options.clockStepTicks())));
    if ((++expansions & 1023) == 0 && run.timedOut()) {
      return run.timeOut();
    }
    return null;
  }

  /** Invariants, goals and the state bound for a state seen for the first time. */
  private ExploreResult checkNew(SearchState parent, SearchState next, int depth, Choice c) {
    String[] broken = run.violated(parent, next);
    if (broken != null) {
      return run.violation(broken, stackPath(c), depth);
    }
    if (run.goalsDone(next, depth, () -> stackPath(c))) {
      return run.goalReached(depth);
    }
    if (run.visited.size() >= run.options.maxStates()) {
      return run.maxStates(depth);
    }
    return null;
  }

  private List<ExploreAction> stackPath(Choice last) {
    List<ExploreAction> path = new ArrayList<>(run.prefix);
    var it = stack.descendingIterator();
    while (it.hasNext()) {
      Frame f = it.next();
      if (f.via != null) {
        path.add(f.via);
      }
    }
    path.add(last.action(model.ids, run.options.clockStepTicks()));
    return path;
  }
}
