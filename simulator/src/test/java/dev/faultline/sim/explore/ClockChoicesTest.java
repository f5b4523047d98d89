package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Clock choices ({@link ExploreOptions#maxClockChoices}): BFS branches over where true time lies in
 * each node's reading, so the toy lease's boundary bug (s1 serves while {@code upper <= end}) is
 * found, which the symmetric model cannot find; the counterexample records the choices and replays
 * exactly.
 */
class ClockChoicesTest {
  static final long EPS = 10;

  static ExploreOptions options(int clockChoices) {
    return ExploreOptions.defaults()
        .withMaxDepth(12)
        .withFaults(0, 0, 0, 1)
        .withClock(ToyLease.LEASE_END_TICKS, EPS)
        .withClockChoices(clockChoices);
  }

  static ExploreResult explore(boolean buggy, ExploreOptions o) {
    return new Explorer(
            ToyLease.cluster(buggy),
            () -> List.<Invariant>of(new ToyLease.NoReadAfterLeaseEnd()),
            List.of(),
            o)
        .explore();
  }

  @Test
  void theSymmetricModelCannotReachTheBoundary() {
    ExploreResult r = explore(true, options(0));
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end(), r.summary());
  }

  @Test
  void oneClockChoiceFindsTheBoundaryReadByTheShortestPath() {
    ExploreResult r = explore(true, options(1));
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("NoReadAfterLeaseEnd", r.property(), r.message());
    // One clock step to the lease's end, s1's true time at its reading's upper bound (it reads
    // [80, 100] at true time 100), s1 serves: 3 steps, and BFS says none shorter exists.
    assertEquals(
        List.of(
            new ExploreAction.ClockStep(ToyLease.LEASE_END_TICKS),
            new ExploreAction.ClockOffset(ToyLease.HOLDER, -EPS),
            new ExploreAction.FireTimer(ToyLease.HOLDER, new ToyLease.Act())),
        r.path());
    assertTrue(r.message().contains("upper bound 100"), r.message());
    assertTrue(
        r.faultBounds().contains("max-clock-choices=1 (limited the search)"), r.faultBounds());
  }

  @Test
  void theCorrectLeaseIsCleanUnderTheSameChoices() {
    ExploreResult r = explore(false, options(3));
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end(), r.summary());
    assertNull(r.property());
  }

  @Test
  void theCounterexampleRecordsTheChoicesAndReplaysExactly() {
    ExploreOptions o = options(1);
    ExploreResult r = explore(true, o);
    Counterexample cx = Counterexample.of("toy-lease", "L1", 2, List.of(), new TreeMap<>(), o, r);
    String json = cx.toJson(r.path());
    assertTrue(json.contains("\"maxClockChoices\" : 1"), json);
    assertTrue(json.contains("\"kind\" : \"clock-offset\""), json);
    Counterexample back = Counterexample.fromJson(json, "cx.json");
    assertEquals(cx.steps(), back.steps());
    assertEquals(1, back.explore().maxClockChoices());
    InMemoryTrace trace = new InMemoryTrace();
    CounterexampleReplay.Outcome out =
        CounterexampleReplay.replay(ToyLease.cluster(true), back, trace);
    assertTrue(out.reproduced(back), out.toString());
    assertEquals(3, out.stepsApplied());
    // The trace shows the moved reading as a "clock" annotation: s1 reads [80, 100] at true 100.
    assertTrue(
        trace.ofType(TraceEvent.Annotate.class).stream()
            .anyMatch(
                a ->
                    a.node().equals(ToyLease.HOLDER)
                        && a.key().equals("clock")
                        && a.value().equals("[80, 100]")),
        trace.toJsonl());
    // On the correct lease the same file diverges: s1 does not serve at the boundary.
    assertFalse(CounterexampleReplay.replay(ToyLease.cluster(false), back, null).reproduced(back));
  }

  @Test
  void offsetsArePartOfTheStateIdentity() {
    ExploreModel model = new ExploreModel(ToyLease.cluster(true), options(1));
    SearchState s = model.initial();
    SearchState moved = s.clockOffset(0, SearchState.BEHIND);
    assertFalse(s.sameAs(moved));
    assertFalse(moved.sameAs(s.clockOffset(0, SearchState.AHEAD)));
    assertEquals(-EPS, SearchState.offsetTicks(moved.offsetCode(0), EPS));
  }
}
