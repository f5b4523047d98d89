package dev.faultline.protocols.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.DeclaredSearch;
import dev.faultline.protocols.Protocols;
import dev.faultline.protocols.pb.PbBug;
import dev.faultline.protocols.pb.PbMessage;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.VariantSearch;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreBounds;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Goal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * PB bugs by breadth-first search on the smallest faithful configuration: 2 data servers (s1, s2;
 * {@code ClusterParams.servers} does not count the view server) plus the view server, no faults (an
 * undelivered ping silences a server towards the view server just as well as a cut).
 *
 * <p>Start state: the first ready view (primary and backup, acknowledged, state transfer done:
 * {@link PbExploreTest#READY}) reached by BFS from the initial state with no clients (12 steps; its
 * steps are enabled with clients too, who just wait). B1 is one BFS from there in the full model.
 * Since the view server decides deaths only at its check (2026-12-07), B2 needs a third check, and
 * one BFS from the ready view within {@code max-timer-repeats=1, max-in-flight-per-link=1,
 * max-timer-fires=5} no longer finds it (opt-in {@link
 * #b2_oneBfsFromTheShortestReadyView_needsAThirdCheckNow}; with 6 fires and depth 17 none either,
 * 1,393,560 states). B2 and B3 are found by staged search instead: the ready view, then the first
 * state where a client holds a view the view server has moved past while its primary still serves
 * it ({@code PbGoals.staleClientView}, 7 steps), then one BFS ({@link
 * #b2_stagedThroughAStaleClientView_threeTimerFirings}; B2's and B3's declared searches in {@code
 * PbBug}, run by the contract suite with {@code -Dfl.contract.bfs=all}).
 */
class PbOneBfsTest {
  static final int SERVERS = 2;
  static final int THREADS = 2;
  static final NodeId C1 = NodeId.of("c1");

  /**
   * c1 reads x, c2 writes it: a read invoked after the write completed that returns "" is stale.
   */
  static final List<List<ClientOp>> B2_WORKLOAD =
      List.of(List.of(new ClientOp("get", "x", null)), List.of(new ClientOp("put", "x", "c2-1")));

  /** The named smaller model of the default test (see the class comment). */
  static final ExploreBounds BOUNDS =
      ExploreBounds.NONE.withMaxTimerRepeats(1).withMaxInFlightPerLink(1).withMaxTimerFires(5);

  static final int READY_STEPS = 12;
  static final int B2_STEPS_FROM_READY = 16;

  static ExploreResult explore(
      String variant,
      List<List<ClientOp>> workload,
      ExploreOptions o,
      List<Goal> goals,
      List<ExploreAction> prefix) {
    return ClusterExplore.explore(
        Protocols.byName("pb"), variant, SERVERS, workload, Map.of(), o, goals, prefix, THREADS);
  }

  /** BFS from the initial state (correct protocol, no clients) to the first ready view. */
  static List<ExploreAction> shortestReady() {
    ExploreResult r =
        explore(
            null,
            List.of(),
            ExploreOptions.defaults().withStopAtGoal(true),
            List.of(PbExploreTest.READY),
            List.of());
    assertEquals(EndCondition.GOAL_REACHED, r.end(), r.summary());
    assertEquals(READY_STEPS, r.path().size(), r.path().toString());
    return r.path();
  }

  static ExploreOptions search(ExploreBounds bounds, int depthFromReady) {
    return ExploreOptions.defaults()
        .withMaxDepth(depthFromReady)
        .withMaxStates(20_000_000)
        .withBounds(bounds);
  }

  static void assertStaleReadAtTheOldPrimary(ExploreResult r) {
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("Linearizability", r.property(), r.message());
    assertTrue(
        r.path().getLast() instanceof ExploreAction.Deliver d
            && d.to().equals(C1)
            && d.message() instanceof PbMessage.ClientReply reply
            && reply.output().isEmpty(),
        "the counterexample ends with c1's stale (empty) read: " + r.path());
    assertTrue(
        r.path().stream()
            .noneMatch(
                a ->
                    a instanceof ExploreAction.Block
                        || a instanceof ExploreAction.Crash
                        || a instanceof ExploreAction.Drop),
        "no fault is needed: " + r.path());
  }

  /**
   * Until the view server decided deaths only at its check, this search found B2 in 16 steps from
   * the ready view (604,620 states): the old primary s2 was declared dead by s1's ping just after
   * the second check. Now a third check must fire, which the budget of 5 timer fires (with the
   * clients' own timers) no longer allows: the same search ends at its depth bound with no
   * violation. With 6 fires and depth 17 it still finds none (1,393,560 states, 362 s on a loaded
   * machine, measured once on 2026-12-07), so the one-BFS counterexample is now longer than 17
   * steps. Opt-in (about 1.2M states with its correct twin below): {@code
   * -Dfaultline.explore.long=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "faultline.explore.long", matches = "true")
  void b2_oneBfsFromTheShortestReadyView_needsAThirdCheckNow() {
    List<ExploreAction> ready = shortestReady();
    ExploreResult r =
        explore("B2", B2_WORKLOAD, search(BOUNDS, B2_STEPS_FROM_READY), List.of(), ready);
    assertNull(r.property(), r.summary() + " " + r.message() + " " + r.path());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
    assertTrue(r.faultBounds().contains("max-timer-fires=5 (limited"), r.summary());
    assertEquals(GOLDEN_B2_STATES, r.uniqueStates(), r.summary());
  }

  static final long GOLDEN_B2_STATES = 573_407;

  @Test
  @EnabledIfSystemProperty(named = "faultline.explore.long", matches = "true")
  void correctPb_sameSearch_reachesItsBoundWithNoViolation() {
    ExploreResult r =
        explore(null, B2_WORKLOAD, search(BOUNDS, B2_STEPS_FROM_READY), List.of(), shortestReady());
    assertNull(r.property(), r.summary() + " " + r.message() + " " + r.path());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
    assertEquals("max-depth", r.bound(), r.summary());
    assertEquals(GOLDEN_CORRECT_STATES, r.uniqueStates(), r.summary());
  }

  static final long GOLDEN_CORRECT_STATES = 615_114;

  /**
   * B2 by staged search: from the ready view v2 = (s2, s1), BFS (with c1's get and c2's put, {@code
   * max-timer-repeats=1, max-in-flight-per-link=2}) to the first stale client view (7 steps: c1
   * caches v2 while s2's pings go undelivered through three checks, so v3 = (s1, -)), then one BFS
   * with at most 3 timer firings: 12 steps (s1 and c2 learn v3, c2's put completes at s1, c1's get
   * is answered "" by s2 from its own state). The hunt's deepening finds it this way; with no
   * firing bound the same last stage takes 508,222 states (B2's declared search). The correct
   * protocol is clean under the same search.
   */
  @Test
  void b2_stagedThroughAStaleClientView_threeTimerFirings() {
    VariantSearch s = PbBug.B2.variant().search();
    ClusterSpec pb = Protocols.byName("pb");
    List<ExploreAction> start = DeclaredSearch.startPath(pb, "B2", s);
    assertEquals(READY_STEPS + 7, start.size(), start.toString());
    ExploreOptions threeFires =
        DeclaredSearch.options(s.withBounds(1, 2, 3), s.steps(), 20_000_000);
    ExploreResult r = explore("B2", B2_WORKLOAD, threeFires, List.of(), start);
    assertStaleReadAtTheOldPrimary(r);
    assertEquals(start.size() + s.steps(), r.path().size(), r.path().toString());
    assertEquals(GOLDEN_B2_STAGED_STATES, r.uniqueStates(), r.summary());
    ExploreResult correct =
        explore(null, B2_WORKLOAD, threeFires, List.of(), DeclaredSearch.startPath(pb, null, s));
    assertNull(correct.property(), correct.summary() + " " + correct.message());
    assertEquals(EndCondition.BOUND_REACHED, correct.end(), correct.summary());
  }

  static final long GOLDEN_B2_STAGED_STATES = 49_126;

  /**
   * The full model (no bound at all) from the same ready view: no B2 violation within 14 steps
   * (10,730,665 states, ~65 s here), so the bounded 15-step counterexample above is the shortest
   * from that start in the full model too. Needs a large heap: {@code -Dfaultline.explore.full=true
   * -DargLine="-Xss16m -XX:+UseParallelGC -Xmx12g"}.
   */
  @Test
  @EnabledIfSystemProperty(named = "faultline.explore.full", matches = "true")
  @Disabled(
      "not re-measured since the view server decides deaths only at its check (2026-12-07): its"
          + " state count changed, and ~11M states (a 12 GB heap) did not fit the shared machine")
  void b2_fullModel_noCounterexampleWithin14StepsOfReady() {
    ExploreResult r =
        explore("B2", B2_WORKLOAD, search(ExploreBounds.NONE, 14), List.of(), shortestReady());
    assertNull(r.property(), r.summary() + " " + r.message() + " " + r.path());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
    assertEquals("max-depth", r.bound(), r.summary());
    assertEquals(10_730_665, r.uniqueStates(), r.summary());
  }

  /**
   * B1 (the primary acks before its backup has the write) by ONE BFS from the same ready view in
   * the FULL model (no bound, no fault): c1 fetches the view (GetView, ViewReply), issues its put
   * at the primary s2, which replies at once; the ack reaching c1 while backup s1 lacks the write
   * is the violation, 5 steps after the ready view. The correct protocol is clean to that depth.
   */
  @Test
  void b1_oneBfsFromTheShortestReadyView_fullModel() {
    List<List<ClientOp>> put = List.of(List.of(new ClientOp("put", "x", "c1-1")));
    List<ExploreAction> ready = shortestReady();
    ExploreOptions full = search(ExploreBounds.NONE, 5);
    ExploreResult r = explore("B1", put, full, List.of(), ready);
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("BackupHasAckedWrites", r.property(), r.message());
    assertEquals(READY_STEPS + 5, r.path().size(), r.path().toString());
    assertTrue(
        r.path().getLast() instanceof ExploreAction.Deliver d
            && d.to().equals(C1)
            && d.message() instanceof PbMessage.ClientReply,
        r.path().toString());
    assertEquals(GOLDEN_B1_STATES, r.uniqueStates(), r.summary());
    ExploreResult correct = explore(null, put, full, List.of(), ready);
    assertNull(correct.property(), correct.summary() + " " + correct.message());
    assertEquals(EndCondition.BOUND_REACHED, correct.end(), correct.summary());
  }

  static final long GOLDEN_B1_STATES = 624;

  /**
   * Measurement hook (not a test of its own): {@code -Dpb.onebfs.exp=b2|b3 ...}; prints the search
   * and its path.
   */
  @Test
  @EnabledIfSystemProperty(named = "pb.onebfs.exp", matches = ".+")
  void measure() {
    String exp = System.getProperty("pb.onebfs.exp");
    String variant = System.getProperty("pb.onebfs.variant", "B2");
    ExploreBounds b = ExploreBounds.NONE;
    int repeats = Integer.getInteger("pb.onebfs.repeats", 0);
    int perLink = Integer.getInteger("pb.onebfs.perlink", 0);
    int fires = Integer.getInteger("pb.onebfs.fires", 0);
    b = repeats > 0 ? b.withMaxTimerRepeats(repeats) : b;
    b = perLink > 0 ? b.withMaxInFlightPerLink(perLink) : b;
    b = fires > 0 ? b.withMaxTimerFires(fires) : b;
    ExploreOptions o =
        search(b, Integer.getInteger("pb.onebfs.depth", 16))
            .withMaxStates(Long.getLong("pb.onebfs.states", 10_000_000L))
            .withFaults(Integer.getInteger("pb.onebfs.crashes", 0), 0, 0, 0);
    List<List<ClientOp>> w =
        exp.startsWith("b3") ? List.of(List.of(new ClientOp("put", "x", "c1-1"))) : B2_WORKLOAD;
    ExploreResult r =
        explore(variant.equals("none") ? null : variant, w, o, List.of(), shortestReady());
    System.out.println("RESULT " + exp + " " + variant + " " + b + ": " + r.summary());
    System.out.println("PROPERTY " + r.property() + " " + r.message());
    System.out.println("PATH " + r.path().size());
    for (int i = 0; i < r.path().size(); i++) {
      System.out.println("  " + (i + 1) + ". " + r.path().get(i));
    }
  }
}
