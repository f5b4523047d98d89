package dev.faultline.protocols.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.protocols.Protocols;
import dev.faultline.protocols.pb.PbMessage;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
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
 * Since the view server decides deaths only at its check (2026-12-07), B2's one-BFS needs a third
 * check and is no longer found within the bounds below (see {@link
 * #b2_oneBfsFromTheShortestReadyView_needsAThirdCheckNow}); the rest of this comment describes the
 * search as it was. B2 ("fast reads") found by ONE breadth-first search on the smallest faithful
 * configuration of the bug needs: 2 data servers (s1, s2; {@code ClusterParams.servers} does not
 * count the view server) plus the view server, c1 gets x, c2 puts x, no faults (no crash, drop or
 * link cut: an undelivered ping silences a server towards the view server just as well). B3
 * likewise (c1 puts x; opt-in, see {@link #b3_oneBfsFromTheShortestReadyView_twoServers}).
 *
 * <p>Start state: the first ready view (primary and backup, acknowledged, state transfer done:
 * {@link PbExploreTest#READY}) reached by BFS from the initial state of the correct protocol with
 * no clients (12 steps; its steps are enabled with clients too, who just wait). From there ONE BFS
 * (2 threads; results are identical to 1) runs in a named smaller model, every path of which is a
 * full-model path: {@code max-timer-repeats=1}, {@code max-in-flight-per-link=1}, {@code
 * max-timer-fires=5}. "Shortest" means: shortest from that start within that model. With {@code
 * max-in-flight-per-link=2} (opt-in, ~1.9M states) the same search gives 15 steps, exactly the five
 * stages of {@link PbSplitBrainExploreTest} (2 + 4 + 1 + 5 + 3); per-link=1 costs one extra step
 * (the old primary must first read a stale ViewReply so the view server's next reply to it is not
 * the second message on that link).
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
   * steps; the staged search ({@link PbSplitBrainExploreTest}) and the swarm fuzzer still find B2.
   */
  @Test
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
   * The same search with {@code max-in-flight-per-link=2}: 15 steps from the ready view, exactly
   * the staged decomposition of {@link PbSplitBrainExploreTest}: c1 caches v2 (2), the view server
   * promotes the backup while the old primary's pings are not delivered (4: s1's tick, two checks,
   * s1's ping), the new primary learns v3 (1), c2's put completes there (5, its NextOp first), c1's
   * get is answered "" by the old primary (3). Opt-in: ~1.9M states (~20 s here).
   */
  @Test
  @EnabledIfSystemProperty(named = "faultline.explore.long", matches = "true")
  @Disabled(
      "not re-measured since the view server decides deaths only at its check (2026-12-07):"
          + " its path needs one more check, so its lengths and state counts changed")
  void b2_perLink2_fifteenStepsFromReady_asTheStagedSearch() {
    ExploreBounds perLink2 = BOUNDS.withMaxInFlightPerLink(2);
    List<ExploreAction> ready = shortestReady();
    ExploreResult r = explore("B2", B2_WORKLOAD, search(perLink2, 15), List.of(), ready);
    assertStaleReadAtTheOldPrimary(r);
    assertEquals(READY_STEPS + 2 + 4 + 1 + 5 + 3, r.path().size(), r.path().toString());
    assertEquals(GOLDEN_B2_PERLINK2_STATES, r.uniqueStates(), r.summary());
    ExploreResult correct = explore(null, B2_WORKLOAD, search(perLink2, 15), List.of(), ready);
    assertNull(correct.property(), correct.summary() + " " + correct.message());
    assertEquals(EndCondition.BOUND_REACHED, correct.end(), correct.summary());
    assertEquals(2_051_594, correct.uniqueStates(), correct.summary());
  }

  static final long GOLDEN_B2_PERLINK2_STATES = 1_860_305;

  /**
   * The full model (no bound at all) from the same ready view: no B2 violation within 14 steps
   * (10,730,665 states, ~65 s here), so the bounded 15-step counterexample above is the shortest
   * from that start in the full model too. Needs a large heap: {@code -Dfaultline.explore.full=true
   * -DargLine="-Xss16m -XX:+UseParallelGC -Xmx12g"}.
   */
  @Test
  @EnabledIfSystemProperty(named = "faultline.explore.full", matches = "true")
  @Disabled(
      "not re-measured since the view server decides deaths only at its check (2026-12-07):"
          + " its path needs one more check, so its lengths and state counts changed")
  void b2_fullModel_noCounterexampleWithin14StepsOfReady() {
    ExploreResult r =
        explore("B2", B2_WORKLOAD, search(ExploreBounds.NONE, 14), List.of(), shortestReady());
    assertNull(r.property(), r.summary() + " " + r.message() + " " + r.path());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
    assertEquals("max-depth", r.bound(), r.summary());
    assertEquals(10_730_665, r.uniqueStates(), r.summary());
  }

  /**
   * B3 (the backup applies forwards whatever their view) by ONE BFS from the same ready view, c1
   * puts x, no crash, {@code max-timer-repeats=1, max-in-flight-per-link=2, max-timer-fires=7}: 22
   * steps. v2 = (s2, s1); c1 sends its put to s2, which forwards it in v2; s2 stays silent, so the
   * view server promotes s1 (v3), s1 acknowledges v3 and, s2 having pinged again, v4 = (s1, s2)
   * follows; s1 learns v4 and sends s2 the (empty) snapshot; only then the v2 forward reaches s1,
   * which applies it without a view check; s2 acks c1; s2 learns v4 and installs the snapshot that
   * lacks c1's write. Opt-in: ~3.5M states (~35 s here); the correct protocol is clean under the
   * same search.
   */
  @Test
  @EnabledIfSystemProperty(named = "faultline.explore.long", matches = "true")
  @Disabled(
      "not re-measured since the view server decides deaths only at its check (2026-12-07):"
          + " its path needs one more check, so its lengths and state counts changed")
  void b3_oneBfsFromTheShortestReadyView_twoServers() {
    ExploreBounds b3 = ExploreBounds.NONE.withMaxTimerRepeats(1).withMaxInFlightPerLink(2);
    b3 = b3.withMaxTimerFires(7);
    List<List<ClientOp>> put = List.of(List.of(new ClientOp("put", "x", "c1-1")));
    List<ExploreAction> ready = shortestReady();
    ExploreResult r = explore("B3", put, search(b3, 22), List.of(), ready);
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("BackupHasAckedWrites", r.property(), r.message());
    assertEquals(READY_STEPS + 22, r.path().size(), r.path().toString());
    assertTrue(
        r.path().getLast() instanceof ExploreAction.Deliver d
            && d.message() instanceof PbMessage.StateTransfer,
        r.path().toString());
    assertEquals(GOLDEN_B3_STATES, r.uniqueStates(), r.summary());
    ExploreResult replay = explore("B3", put, ExploreOptions.defaults(), List.of(), r.path());
    assertEquals(r.path(), replay.path());
    ExploreResult correct = explore(null, put, search(b3, 22), List.of(), ready);
    assertNull(correct.property(), correct.summary() + " " + correct.message());
    assertEquals(EndCondition.BOUND_REACHED, correct.end(), correct.summary());
    assertEquals(4_916_153, correct.uniqueStates(), correct.summary());
  }

  static final long GOLDEN_B3_STATES = 3_526_178;

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
