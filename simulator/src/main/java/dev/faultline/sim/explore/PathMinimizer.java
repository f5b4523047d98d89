package dev.faultline.sim.explore;

import dev.faultline.sim.api.Invariant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Shortens a counterexample found by DFS or a random walk: removes chunks of steps (halves, then
 * quarters, ... then single steps) as long as replaying what is left still breaks the same
 * property. A replay skips steps that are no longer enabled and stops at the first violation, so
 * the result is a real path. Not guaranteed shortest (BFS is), but usually much shorter.
 */
final class PathMinimizer {
  private final ExploreModel model;
  private final Supplier<List<Invariant>> invariants;
  private final List<ExploreAction> prefix;

  PathMinimizer(
      ExploreModel model, Supplier<List<Invariant>> invariants, List<ExploreAction> prefix) {
    this.model = model;
    this.invariants = invariants;
    this.prefix = prefix;
  }

  List<ExploreAction> minimize(List<ExploreAction> path, String property) {
    List<ExploreAction> best = List.copyOf(path);
    List<ExploreAction> fixed = best.subList(0, Math.min(prefix.size(), best.size()));
    List<ExploreAction> tail = new ArrayList<>(best.subList(fixed.size(), best.size()));
    for (int chunk = Math.max(1, tail.size() / 2); chunk >= 1; chunk /= 2) {
      int at = 0;
      while (at < tail.size()) {
        List<ExploreAction> candidate = new ArrayList<>(tail.subList(0, at));
        candidate.addAll(tail.subList(Math.min(tail.size(), at + chunk), tail.size()));
        List<ExploreAction> replayed = replay(fixed, candidate, property);
        if (replayed != null && replayed.size() < tail.size()) {
          tail = new ArrayList<>(replayed);
        } else {
          at += chunk;
        }
      }
    }
    List<ExploreAction> out = new ArrayList<>(fixed);
    out.addAll(tail);
    return out;
  }

  /** The enabled steps of {@code tail} up to the violation, or null when it does not break. */
  private List<ExploreAction> replay(
      List<ExploreAction> fixed, List<ExploreAction> tail, String property) {
    try {
      SearchState s = model.initial();
      for (ExploreAction a : fixed) {
        Choice c = Explorer.find(model, s, a::equals);
        if (c == null) {
          return null;
        }
        s = Explorer.applyOrSame(s, c, model);
      }
      List<ExploreAction> taken = new ArrayList<>();
      for (ExploreAction a : tail) {
        Choice c = Explorer.find(model, s, a::equals);
        if (c == null) {
          continue;
        }
        SearchState next = Explorer.applyOrSame(s, c, model);
        taken.add(a);
        if (breaks(s, next, property)) {
          return taken;
        }
        s = next;
      }
      return null;
    } catch (HandlerFailure e) {
      return null;
    }
  }

  private boolean breaks(SearchState parent, SearchState s, String property) {
    List<Invariant> list = invariants.get();
    StateView before = new StateView(model, parent);
    for (Invariant inv : list) {
      inv.check(before);
    }
    StateView view = new StateView(model, s);
    for (Invariant inv : list) {
      String problem = inv.check(view);
      if (problem != null) {
        return inv.name().equals(property);
      }
    }
    return false;
  }
}
