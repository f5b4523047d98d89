package dev.faultline.sim.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a search gets fresh invariant instances, asked for once per search and then called at every
 * check: {@code all} for a step into a new state, {@code transitionJudges} for a step into a state
 * already seen, which only the invariants that judge transitions ({@link
 * Invariant#judgesTransitions}) need to see. Both return fresh instances on every call (invariants
 * may remember what they saw, and nothing may leak between paths), and {@code transitionJudges}
 * returns exactly the members of {@code all} that judge transitions, in the same order (the
 * contract suite checks it). A protocol whose options take work to read reads them once, when it
 * builds its supply.
 */
public record InvariantSupply(
    Supplier<List<Invariant>> all, Supplier<List<Invariant>> transitionJudges) {

  /**
   * A supply whose transition judges are {@code all}'s, filtered at every call: correct for any
   * supplier, but it builds every invariant for each step into a seen state.
   */
  public static InvariantSupply filtering(Supplier<List<Invariant>> all) {
    return new InvariantSupply(all, () -> transitionJudgesOf(all.get()));
  }

  /** The members of {@code invariants} that judge transitions, in order. */
  public static List<Invariant> transitionJudgesOf(List<Invariant> invariants) {
    List<Invariant> judges = new ArrayList<>(invariants.size());
    for (Invariant inv : invariants) {
      if (inv.judgesTransitions()) {
        judges.add(inv);
      }
    }
    return judges;
  }
}
