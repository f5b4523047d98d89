package dev.faultline.protocols.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.explore.ExploreResult;
import java.util.ArrayList;
import java.util.List;

/**
 * For the protocols' invariant reuse tests ({@link Invariant#resetForReuse}): instances that cannot
 * reset (so the explorer builds fresh lists, as it did before reuse), and the comparison of two
 * searches' results, field by field.
 */
public final class InvariantReuse {
  private InvariantReuse() {}

  /** Each member behind a wrapper that cannot reset: the explorer then builds fresh lists. */
  public static List<Invariant> unresettable(List<Invariant> list) {
    List<Invariant> out = new ArrayList<>();
    for (Invariant inv : list) {
      out.add(new Unresettable(inv));
    }
    return out;
  }

  /** Every result field but time and heap is equal. */
  public static void assertSameResult(ExploreResult want, ExploreResult got) {
    assertEquals(want.end(), got.end());
    assertEquals(want.bound(), got.bound());
    assertEquals(want.faultBounds(), got.faultBounds());
    assertEquals(want.goalsReached(), got.goalsReached());
    assertEquals(want.uniqueStates(), got.uniqueStates());
    assertEquals(want.states(), got.states());
    assertEquals(want.property(), got.property());
    assertEquals(want.message(), got.message());
    assertEquals(want.path(), got.path());
  }

  private record Unresettable(Invariant inner) implements Invariant {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public String check(SystemView view) {
      return inner.check(view);
    }

    @Override
    public boolean judgesTransitions() {
      return inner.judgesTransitions();
    }

    @Override
    public boolean resetForReuse() {
      return false;
    }
  }
}
