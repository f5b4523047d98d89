package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optional model bounds ({@link ExploreBounds}) on the toy two-phase commit: they are off by
 * default (golden counts unchanged), named in results, counted from the search's start, and they
 * only remove paths — a bounded counterexample replays in the full model, and on every small
 * configuration here the bounded search finds a violation exactly when the full one does, with the
 * same (shortest) length.
 */
class ExploreBoundsTest {
  private static final ToyCommit SPEC = new ToyCommit();

  private static ExploreResult explore(String variant, ExploreOptions options) {
    return explore(variant, options, List.of());
  }

  private static ExploreResult explore(
      String variant, ExploreOptions options, List<ExploreAction> prefix) {
    Cluster cluster = SPEC.build(ToyCommit.params(3, variant));
    return new Explorer(
            cluster,
            () -> SPEC.build(ToyCommit.params(3, variant)).invariants(),
            List.of(),
            options)
        .explore(prefix);
  }

  static final List<ExploreBounds> BOUNDS =
      List.of(
          new ExploreBounds(1, 0, 0),
          new ExploreBounds(0, 1, 0),
          new ExploreBounds(1, 1, 0),
          new ExploreBounds(0, 0, 1),
          new ExploreBounds(2, 2, 2));

  static final List<ExploreOptions> FAULTS =
      List.of(
          ExploreOptions.defaults(),
          ExploreOptions.defaults().withFaults(1, 1, 1, 0),
          ExploreOptions.defaults().withFaults(1, 0, 0, 0).withLinkCuts(1));

  @Test
  void offByDefault_theFullModelKeepsItsGoldenCounts() {
    assertTrue(ExploreOptions.defaults().bounds().none());
    ExploreResult r = explore(null, ExploreOptions.defaults());
    assertEquals(ExplorerTest.GOLDEN_CORRECT_NO_FAULTS, r.uniqueStates(), r.summary());
    assertFalse(r.faultBounds().contains("timer"), r.faultBounds());
    ExploreResult f = explore(null, ExploreOptions.defaults().withFaults(1, 1, 1, 0));
    assertEquals(ExplorerTest.GOLDEN_CORRECT_ONE_FAULT_EACH, f.uniqueStates(), f.summary());
  }

  /**
   * Differential: every bound, every fault configuration, the planted bug and the correct protocol.
   * The bounded search must agree with the full one on the verdict and, where both find a
   * violation, on the property and the (BFS-shortest) length; it never sees more states.
   */
  @Test
  void boundedSearchFindsAViolationExactlyWhenTheFullSearchDoes_sameLength() {
    for (String variant : new String[] {null, "C1"}) {
      for (ExploreOptions faults : FAULTS) {
        ExploreResult full = explore(variant, faults);
        for (ExploreBounds b : BOUNDS) {
          ExploreResult bounded = explore(variant, faults.withBounds(b));
          String where = variant + " " + faults + " " + b;
          assertEquals(full.property(), bounded.property(), where + ": " + bounded.summary());
          assertEquals(full.path().size(), bounded.path().size(), where);
          // (Not asserted: fewer states. The counters are part of a bounded state, so where a
          // bound rarely cuts anything it can split equal protocol states and count more.)
          if (variant == null) {
            assertEquals(EndCondition.SPACE_EXHAUSTED, bounded.end(), where);
          }
        }
      }
    }
  }

  @Test
  void boundsAreNamedAndTheirCountsPinned() {
    ExploreOptions faults = ExploreOptions.defaults().withFaults(1, 1, 1, 0);
    ExploreResult repeats = explore(null, faults.withBounds(new ExploreBounds(1, 0, 0)));
    ExploreResult fires = explore(null, faults.withBounds(new ExploreBounds(0, 0, 1)));
    ExploreResult link = explore(null, faults.withBounds(new ExploreBounds(0, 1, 0)));
    assertTrue(repeats.faultBounds().contains("max-timer-repeats=1"), repeats.faultBounds());
    assertTrue(fires.faultBounds().contains("max-timer-fires=1"), fires.faultBounds());
    assertTrue(link.faultBounds().contains("max-in-flight-per-link=1"), link.faultBounds());
    assertEquals(GOLDEN_REPEATS_1, repeats.uniqueStates(), repeats.summary());
    assertEquals(GOLDEN_FIRES_1, fires.uniqueStates(), fires.summary());
    assertEquals(GOLDEN_LINK_1, link.uniqueStates(), link.summary());
    assertTrue(link.faultBounds().contains("max-in-flight-per-link=1 (limited the search)"));
    assertFalse(repeats.faultBounds().contains("max-timer-repeats=1 (limited"), "cut nothing");
  }

  // The toy fires each timer at most once per boot, so max-timer-repeats=1 cuts nothing: the full
  // count.
  static final long GOLDEN_REPEATS_1 = ExplorerTest.GOLDEN_CORRECT_ONE_FAULT_EACH;
  static final long GOLDEN_FIRES_1 = 11295;
  static final long GOLDEN_LINK_1 = 3765;

  @Test
  void aBoundedCounterexampleReplaysInTheFullModel() {
    ExploreOptions bounded =
        ExploreOptions.defaults().withFaults(1, 0, 0, 0).withBounds(new ExploreBounds(1, 1, 1));
    ExploreResult r = explore("C1", bounded);
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    Counterexample cx =
        Counterexample.of(
            "toy-commit",
            "C1",
            3,
            List.of(),
            new java.util.TreeMap<>(),
            bounded.withBounds(ExploreBounds.NONE),
            r);
    CounterexampleReplay.Outcome out =
        CounterexampleReplay.replay(SPEC.build(ToyCommit.params(3, "C1")), cx, null);
    assertTrue(
        out.reproduced(cx),
        out.toString()); // The file records the bounds the search ran under; the full-model file
    // does not mention them.
    Counterexample withBounds =
        Counterexample.of("toy-commit", "C1", 3, List.of(), new java.util.TreeMap<>(), bounded, r);
    String json = withBounds.toJson(r.path());
    assertTrue(json.contains("\"maxTimerFires\" : 1"), json);
    assertFalse(cx.toJson(r.path()).contains("maxTimerFires"));
    Counterexample back = Counterexample.fromJson(json, "cx.json");
    assertEquals(bounded.bounds(), back.explore().bounds());
    assertTrue(
        CounterexampleReplay.replay(SPEC.build(ToyCommit.params(3, "C1")), back, null)
            .reproduced(back));
  }

  @Test
  void boundsCountFromTheStartOfTheSearch_aPrefixFoundWithoutThemStaysValid() {
    ExploreOptions oneFire = ExploreOptions.defaults().withBounds(new ExploreBounds(1, 0, 1));
    ExploreModel model = new ExploreModel(SPEC.build(ToyCommit.params(3, null)), oneFire);
    SearchState boot = model.initial();
    assertFalse(boot.bounded, "boot and prefixes run in the full model");
    Choice timeout = null;
    for (Choice c : model.choices(boot)) {
      if (c.kind == Choice.TIMER) {
        timeout = c;
      }
    }
    assertTrue(timeout != null, "the coordinator's timeout is pending at boot");
    SearchState fired = model.apply(boot, timeout);
    assertEquals(0, fired.timerFires, "not counted before the search starts");
    SearchState start = model.searchStart(fired);
    assertTrue(start.bounded);
    assertEquals(0, start.timerFires);
    assertFalse(start.sameAs(fired), "bounded states are distinct states");
    // From a bounded start the one allowed timer fire is counted and then no timer may fire.
    SearchState armed = model.searchStart(boot);
    SearchState once = model.apply(armed, timeout);
    assertEquals(1, once.timerFires);
    assertTrue(model.choices(armed).stream().anyMatch(c -> c.kind == Choice.TIMER));
    // With no bounds the start is the state itself.
    ExploreModel full =
        new ExploreModel(SPEC.build(ToyCommit.params(3, null)), ExploreOptions.defaults());
    SearchState fullBoot = full.initial();
    assertTrue(full.searchStart(fullBoot) == fullBoot);
    // An Explorer accepts the prefix (a timer fire) and the bounded search from its end agrees with
    // the full search from there.
    List<ExploreAction> prefix = List.of(timeout.action(model.ids, oneFire.clockStepTicks()));
    ExploreResult bounded = explore("C1", oneFire, prefix);
    ExploreResult unbounded = explore("C1", ExploreOptions.defaults(), prefix);
    assertEquals(unbounded.property(), bounded.property(), bounded.summary());
    assertEquals(unbounded.path(), bounded.path());
  }

  @Test
  void negativeBoundsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ExploreBounds(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ExploreBounds(0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ExploreBounds(0, 0, -1));
  }
}
