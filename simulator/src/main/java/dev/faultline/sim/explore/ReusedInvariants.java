package dev.faultline.sim.explore;

import dev.faultline.sim.api.Invariant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fresh invariant instances for one search thread, reused: each call returns the list the previous
 * call returned, every member reset ({@link Invariant#resetForReuse}), and calls the underlying
 * supply only when there is no list yet or a member cannot reset (then never tries again). A list
 * it returned is valid until its next call, so one instance belongs to one thread and a caller
 * finishes with a list before asking again (the checks of {@link SearchRun} do).
 */
final class ReusedInvariants implements Supplier<List<Invariant>> {
  private final Supplier<List<Invariant>> fresh;
  private List<Invariant> last;
  private boolean reusable = true;

  ReusedInvariants(Supplier<List<Invariant>> fresh) {
    this.fresh = fresh;
  }

  @Override
  public List<Invariant> get() {
    if (last != null && reusable) {
      for (int i = 0; i < last.size(); i++) {
        if (!last.get(i).resetForReuse()) {
          reusable = false;
          break;
        }
      }
      if (reusable) {
        return last;
      }
    }
    List<Invariant> list = fresh.get();
    last = reusable ? list : null;
    return list;
  }
}
