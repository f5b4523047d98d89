package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplorerTest {
  private static final ToyCommit SPEC = new ToyCommit();

  private static ExploreResult explore(String variant, ExploreOptions options) {
    Cluster cluster = SPEC.build(ToyCommit.params(3, variant));
    return new Explorer(
            cluster,
            () -> SPEC.build(ToyCommit.params(3, variant)).invariants(),
            List.of(),
            options)
        .explore();
  }

  @Test
  void bfsFindsThePlantedBugWithTheShortestPath() {
    ExploreResult r = explore("C1", ExploreOptions.defaults());
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("Agreement", r.property());
    // Prepare->s2, Prepare->s3, Vote(yes)->s1 (buggy commit), Decision->s3: four steps.
    assertEquals(4, r.path().size(), r.path().toString());
    assertTrue(r.path().getLast().describe().startsWith("deliver s1->s3 Decision[commit=true]"));
  }

  @Test
  void correctProtocolExhaustsWithGoldenStateCount() {
    ExploreResult r = explore(null, ExploreOptions.defaults());
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end(), r.summary());
    // Golden: any change to determinism, canonical order or the state model moves this number.
    assertEquals(GOLDEN_CORRECT_NO_FAULTS, r.uniqueStates(), r.summary());
    ExploreResult again = explore(null, ExploreOptions.defaults());
    assertEquals(r.uniqueStates(), again.uniqueStates());
    assertEquals(r.states(), again.states());
  }

  static final long GOLDEN_CORRECT_NO_FAULTS = 70;
  static final long GOLDEN_CORRECT_ONE_FAULT_EACH = 10770;

  @Test
  void faultsGrowTheSpaceAndAreNamedInTheResult() {
    ExploreResult none = explore(null, ExploreOptions.defaults());
    ExploreResult crash = explore(null, ExploreOptions.defaults().withFaults(1, 1, 1, 0));
    assertEquals(EndCondition.SPACE_EXHAUSTED, crash.end(), crash.summary());
    assertEquals(GOLDEN_CORRECT_ONE_FAULT_EACH, crash.uniqueStates(), crash.summary());
    assertTrue(crash.uniqueStates() > none.uniqueStates());
    assertTrue(
        crash.faultBounds().contains("max-crashes=1 (limited the search)"), crash.faultBounds());
    assertTrue(crash.faultBounds().contains("max-clock-steps=0"), crash.faultBounds());
  }

  @Test
  void depthAndStateBoundsAreReportedAsBounds() {
    ExploreResult shallow = explore(null, ExploreOptions.defaults().withMaxDepth(2));
    assertEquals(EndCondition.BOUND_REACHED, shallow.end());
    assertEquals("max-depth", shallow.bound());
    ExploreResult few = explore(null, ExploreOptions.defaults().withMaxStates(5));
    assertEquals(EndCondition.BOUND_REACHED, few.end());
    assertEquals("max-states", few.bound());
    assertEquals(5, few.uniqueStates());
  }

  @Test
  void dfsAndRandomFindItToo_randomIsReproducible() {
    ExploreResult dfs =
        explore("C1", ExploreOptions.defaults().withStrategy(ExploreOptions.Strategy.DFS));
    assertEquals(EndCondition.VIOLATION, dfs.end(), dfs.summary());
    assertTrue(dfs.path().size() >= 4);
    ExploreOptions walk =
        ExploreOptions.defaults().withStrategy(ExploreOptions.Strategy.RANDOM).withSeed(7);
    ExploreResult a = explore("C1", walk);
    ExploreResult b = explore("C1", walk);
    assertEquals(EndCondition.VIOLATION, a.end(), a.summary());
    assertEquals(a.path(), b.path());
    assertEquals(a.states(), b.states());
  }

  @Test
  void counterexampleRoundTripsThroughJsonAndReplaysToATrace() {
    ExploreOptions options = ExploreOptions.defaults().withFaults(1, 0, 0, 0);
    ExploreResult r = explore("C1", options);
    Counterexample cx =
        Counterexample.of("toy-commit", "C1", 3, List.of(), new java.util.TreeMap<>(), options, r);
    String json = cx.toJson(r.path());
    assertTrue(json.contains("\"kind\" : \"counterexample\""), json);
    Counterexample back = Counterexample.fromJson(json, "cx.json");
    assertEquals(cx.steps(), back.steps());
    InMemoryTrace trace = new InMemoryTrace();
    CounterexampleReplay.Outcome out =
        CounterexampleReplay.replay(SPEC.build(ToyCommit.params(3, "C1")), back, trace);
    assertTrue(out.reproduced(back), out.toString());
    assertEquals(r.path().size(), out.stepsApplied());
    List<TraceEvent.Deliver> delivers = trace.ofType(TraceEvent.Deliver.class);
    assertEquals(4, delivers.size());
    // Every delivery is tied to the send that produced it.
    List<Long> sent =
        trace.ofType(TraceEvent.Send.class).stream().map(TraceEvent.Send::msgId).toList();
    delivers.forEach(d -> assertTrue(sent.contains(d.msgId()), d.toString()));
    assertEquals(1, trace.ofType(TraceEvent.Violation.class).size());
    // Replaying is deterministic: the same file gives a byte-identical trace.
    InMemoryTrace again = new InMemoryTrace();
    CounterexampleReplay.replay(SPEC.build(ToyCommit.params(3, "C1")), back, again);
    assertEquals(trace.toJsonl(), again.toJsonl());
    // The same file on the correct protocol diverges (the buggy commit never happens).
    CounterexampleReplay.Outcome fixed =
        CounterexampleReplay.replay(SPEC.build(ToyCommit.params(3, null)), back, null);
    assertFalse(fixed.reproduced(back));
  }

  @Test
  void oneWayLinkCutsBlockOneDirectionAndAreBoundedAndReplayed() {
    NodeId s1 = NodeId.of("s1");
    NodeId s3 = NodeId.of("s3");
    ExploreOptions oneCut = ExploreOptions.defaults().withLinkCuts(1);
    ExploreResult none = explore(null, ExploreOptions.defaults());
    ExploreResult cut = explore(null, oneCut);
    assertEquals(EndCondition.SPACE_EXHAUSTED, cut.end(), cut.summary());
    assertTrue(cut.uniqueStates() > none.uniqueStates(), cut.summary());
    assertTrue(
        cut.faultBounds().contains("max-link-cuts=1 (limited the search)"), cut.faultBounds());
    // After block s1->s3: nothing from s1 to s3 is deliverable, no second cut, heal is enabled.
    ExploreModel model = new ExploreModel(SPEC.build(ToyCommit.params(3, null)), oneCut);
    SearchState s = model.initial();
    ExploreAction block = new ExploreAction.Block(s1, s3);
    s = model.apply(s, Explorer.find(model, s, block::equals));
    for (int k = 0; k < 3; k++) { // deliver whatever else is deliverable first
      Choice d = Explorer.find(model, s, a -> a instanceof ExploreAction.Deliver);
      if (d != null) {
        s = Explorer.applyOrSame(s, d, model);
      }
    }
    List<ExploreAction> enabled =
        model.choices(s).stream().map(c -> c.action(model.ids, 100)).toList();
    assertTrue(
        enabled.stream()
            .noneMatch(
                a ->
                    a instanceof ExploreAction.Deliver d
                        && d.from().equals(s1)
                        && d.to().equals(s3)),
        enabled.toString());
    assertTrue(
        enabled.stream().noneMatch(a -> a instanceof ExploreAction.Block), enabled.toString());
    assertTrue(enabled.contains(new ExploreAction.Heal()), enabled.toString());
    // A counterexample through a cut round-trips and replays with the cut in the trace.
    Cluster cluster = SPEC.build(ToyCommit.params(3, "C1"));
    ExploreResult r =
        new Explorer(cluster, cluster::invariants, List.of(), oneCut).explore(List.of(block));
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals(block, r.path().getFirst());
    Counterexample cx =
        Counterexample.of("toy-commit", "C1", 3, List.of(), new java.util.TreeMap<>(), oneCut, r);
    Counterexample back = Counterexample.fromJson(cx.toJson(r.path()), "cx.json");
    assertEquals(1, back.explore().maxLinkCuts());
    InMemoryTrace trace = new InMemoryTrace();
    CounterexampleReplay.Outcome out =
        CounterexampleReplay.replay(SPEC.build(ToyCommit.params(3, "C1")), back, trace);
    assertTrue(out.reproduced(back), out.toString());
    TraceEvent.Partition p = trace.ofType(TraceEvent.Partition.class).getFirst();
    assertEquals("block s1->s3", p.description());
    assertEquals(List.of(new TraceEvent.Link(s1, s3)), p.blocked());
  }

  @Test
  void badCounterexampleFilesNameTheField() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                Counterexample.fromJson(
                    "{\"kind\":\"counterexample\",\"protocol\":\"x\"}", "f.json"));
    assertEquals("f.json: field 'servers' must be an integer", e.getMessage());
  }

  @Test
  void goalsAreReachedAndStagedSearchStartsThere() {
    Goal decided =
        new Goal(
            "CoordinatorCommitted",
            v ->
                Boolean.TRUE.equals(
                    v.stateAs(ToyCommit.COORDINATOR, ToyCommit.State.class).decision));
    Cluster cluster = SPEC.build(ToyCommit.params(3, "C1"));
    ExploreResult g =
        new Explorer(
                cluster,
                cluster::invariants,
                List.of(decided),
                ExploreOptions.defaults().withStopAtGoal(true))
            .explore();
    assertEquals(EndCondition.GOAL_REACHED, g.end(), g.summary());
    // Prepare->s2, then s2's yes vote reaches the buggy coordinator.
    assertEquals(2, g.path().size(), g.path().toString());
    assertEquals(2, g.goalsReached().get("CoordinatorCommitted"));
    ExploreResult staged =
        new Explorer(cluster, cluster::invariants, List.of(), ExploreOptions.defaults())
            .explore(g.path());
    assertEquals(EndCondition.VIOLATION, staged.end(), staged.summary());
    assertEquals(g.path(), staged.path().subList(0, 2));
  }

  @Test
  void unreachedGoalsAreListed() {
    Goal impossible = new Goal("Never", v -> false);
    Cluster cluster = SPEC.build(ToyCommit.params(3, null));
    ExploreResult r =
        new Explorer(cluster, cluster::invariants, List.of(impossible), ExploreOptions.defaults())
            .explore();
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end());
    assertEquals(List.of("Never"), r.goalsMissed());
  }

  @Test
  void timersFireOnlyInAnOrderTheirRangesAllow() {
    Cluster cluster = SPEC.build(ToyCommit.params(3, null));
    ExploreModel model = new ExploreModel(cluster, ExploreOptions.defaults());
    SearchState s = model.initial();
    // Only s1's Timeout[10,20] is pending: it may fire.
    long timers = model.choices(s).stream().filter(c -> c.kind == Choice.TIMER).count();
    assertEquals(1, timers);
    assertEquals(
        NodeId.of("s1"),
        model
            .ids[
            model.choices(s).stream()
                .filter(c -> c.kind == Choice.TIMER)
                .findFirst()
                .orElseThrow()
                .node]);
  }

  @Test
  void equalStatesReachedByDifferentPathsShareAFingerprint() {
    Cluster cluster = SPEC.build(ToyCommit.params(3, null));
    ExploreModel model = new ExploreModel(cluster, ExploreOptions.defaults());
    SearchState s = model.initial();
    List<Choice> first = model.choices(s);
    Choice a = first.get(0);
    Choice b = first.get(1);
    assertEquals(Choice.DELIVER, a.kind);
    assertEquals(Choice.DELIVER, b.kind);
    SearchState ab =
        model.apply(
            model.apply(s, a),
            Explorer.find(model, model.apply(s, a), x -> x.equals(b.action(model.ids, 100))));
    SearchState ba =
        model.apply(
            model.apply(s, b),
            Explorer.find(model, model.apply(s, b), x -> x.equals(a.action(model.ids, 100))));
    assertNotEquals(s.fingerprintHex(), ab.fingerprintHex());
    assertEquals(ab.fingerprintHex(), ba.fingerprintHex());
  }

  @Test
  void progressLinesComeFromTheSearchCounters() {
    Cluster cluster = SPEC.build(ToyCommit.params(3, null));
    List<String> lines = new java.util.ArrayList<>();
    ExploreResult r =
        new Explorer(cluster, cluster::invariants, List.of(), ExploreOptions.defaults())
            .withProgress(lines::add, 0)
            .explore();
    assertEquals(EndCondition.SPACE_EXHAUSTED, r.end());
    assertFalse(lines.isEmpty());
    assertTrue(lines.getLast().startsWith("explore: "), lines.getLast());
    assertTrue(lines.getLast().contains("unique states"), lines.getLast());
  }
}
