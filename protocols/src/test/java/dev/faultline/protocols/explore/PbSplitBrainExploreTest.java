package dev.faultline.protocols.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.protocols.Protocols;
import dev.faultline.protocols.pb.PbClientState;
import dev.faultline.protocols.pb.PbMessage;
import dev.faultline.protocols.pb.PbServerState;
import dev.faultline.protocols.pb.PbSpec;
import dev.faultline.protocols.pb.View;
import dev.faultline.protocols.pb.ViewServerState;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Goal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * B2 ("fast reads") needs a split brain: the old primary no longer reaches the view server, so the
 * view server promotes the backup, while a client that still holds the old view still reaches the
 * old primary. An isolation cannot express that (it also cuts the client off); one one-way link cut
 * ({@code block s->vs}) can. The search is staged, each stage a BFS (shortest for that stage):
 *
 * <ol>
 *   <li>the seeded random walk to a ready view of {@link PbExploreTest#ready()} (40 steps);
 *   <li>BFS with one link cut to {@link #SPLIT}: c1 holds the old view, the view server installed a
 *       newer view whose primary finished its state transfer, and the old primary still believes in
 *       the old view;
 *   <li>BFS from there (the cut is spent) to the violation: c2's put completes at the new primary,
 *       then c1's get is answered by the old primary.
 * </ol>
 *
 * The correct protocol runs the same stages and reaches stage 3's bound with no violation: its
 * primary forwards the get, and the new primary refuses a forward from an old view.
 */
class PbSplitBrainExploreTest {
  static final NodeId C1 = NodeId.of("c1");

  /** c1 reads x, c2 writes it: a read after the write that returns nothing is stale. */
  static final List<List<ClientOp>> WORKLOAD =
      List.of(List.of(new ClientOp("get", "x", null)), List.of(new ClientOp("put", "x", "c2-1")));

  static final NodeId C2 = NodeId.of("c2");

  /** Stage goal: c1 has cached a view with a primary. */
  static final Goal C1_HAS_VIEW =
      new Goal(
          "C1HasView",
          v -> {
            PbClientState c1 = v.stateAs(C1, PbClientState.class);
            return c1 != null && c1.view().primary() != null;
          });

  /** Stage goal: the view server moved to a view whose primary is not the one c1 believes in. */
  static final Goal PROMOTED =
      new Goal(
          "Promoted",
          v -> {
            ViewServerState vs = v.stateAs(PbSpec.VIEW_SERVER, ViewServerState.class);
            PbClientState c1 = v.stateAs(C1, PbClientState.class);
            if (vs == null || c1 == null || c1.view().primary() == null) {
              return false;
            }
            return vs.view().num() > c1.view().num()
                && vs.view().primary() != null
                && !vs.view().primary().equals(c1.view().primary());
          });

  /**
   * Stage goal: split brain. c1's primary still believes in c1's (old) view, and the view server's
   * new primary is in the new view with its state transfer done (it can serve).
   */
  static final Goal SPLIT =
      new Goal(
          "SplitBrain",
          v -> {
            ViewServerState vs = v.stateAs(PbSpec.VIEW_SERVER, ViewServerState.class);
            PbClientState c1 = v.stateAs(C1, PbClientState.class);
            if (vs == null || c1 == null || c1.view().primary() == null) {
              return false;
            }
            View current = vs.view();
            View old = c1.view();
            if (current.num() <= old.num()
                || current.primary() == null
                || current.primary().equals(old.primary())) {
              return false;
            }
            PbServerState oldPrimary = v.stateAs(old.primary(), PbServerState.class);
            PbServerState newPrimary = v.stateAs(current.primary(), PbServerState.class);
            return oldPrimary != null
                && oldPrimary.view().num() == old.num()
                && newPrimary != null
                && newPrimary.view().num() == current.num()
                && newPrimary.transferDone();
          });

  /** Stage goal: c2's put was acknowledged. */
  static final Goal C2_WROTE =
      new Goal(
          "C2Wrote",
          v -> {
            PbClientState c2 = v.stateAs(C2, PbClientState.class);
            return c2 != null && c2.ackedWriteSeq() > 0;
          });

  static final List<Goal> STAGES = List.of(C1_HAS_VIEW, PROMOTED, SPLIT, C2_WROTE);

  static ExploreResult run(
      String variant, ExploreOptions o, List<Goal> goals, List<ExploreAction> prefix) {
    return ClusterExplore.explore(
        Protocols.byName("pb"), variant, 3, WORKLOAD, Map.of(), o, goals, prefix, 1);
  }

  /** Runs the BFS stages in order; returns the path to the last goal. */
  static List<ExploreAction> stages(String variant, ExploreOptions o, List<Integer> lengths) {
    List<ExploreAction> path = PbExploreTest.ready();
    lengths.add(path.size());
    for (Goal g : STAGES) {
      ExploreResult r = run(variant, o.withStopAtGoal(true), List.of(g), path);
      assertEquals(EndCondition.GOAL_REACHED, r.end(), g.name() + ": " + r.summary());
      lengths.add(r.path().size() - path.size());
      path = r.path();
    }
    return path;
  }

  @Test
  void b2_oldPrimaryServesAStaleReadFromTheOldView() {
    ExploreOptions oneCut = ExploreOptions.defaults().withLinkCuts(1);
    List<Integer> lengths = new ArrayList<>();
    List<ExploreAction> split = stages("B2", oneCut, lengths);
    ExploreResult r = run("B2", oneCut, List.of(), split);
    assertEquals(EndCondition.VIOLATION, r.end(), r.summary());
    assertEquals("Linearizability", r.property(), r.message());
    // Stage lengths (each a BFS shortest): ready view 40 (random walk); c1 caches the view: 2;
    // the view server promotes the backup while the old primary's pings wait in flight: 4; the
    // new primary serves its view: 2; c2's put completes there: 5; then c1's get is answered by
    // the old primary from the old view: 3. (Re-pinned from 34, 2, 5, 3, 5 when the ready walk
    // changed with the pb messages, fuzz seed 1936; the third stage from 1 to 2 when the view
    // server stopped declaring deaths on a ping just after its check.)
    assertEquals(List.of(40, 2, 4, 2, 5), lengths, r.path().toString());
    assertEquals(split.size() + 3, r.path().size(), r.path().toString());
    assertTrue(
        r.path().getLast() instanceof ExploreAction.Deliver d
            && d.to().equals(C1)
            && d.message() instanceof PbMessage.ClientReply reply
            && reply.output().isEmpty(),
        "the counterexample ends with c1's stale (empty) read: " + r.path());
    // The one-way cut was available but BFS did not need it: in the explorer's network a message
    // may wait in flight forever, which silences s2 towards the view server just as well. With no
    // cut allowed, the same stages find the same counterexample.
    assertTrue(
        r.path().stream().noneMatch(a -> a instanceof ExploreAction.Block), r.path().toString());
    ExploreOptions noCuts = ExploreOptions.defaults();
    ExploreResult again = run("B2", noCuts, List.of(), stages("B2", noCuts, new ArrayList<>()));
    assertEquals(r.path(), again.path());
  }

  @Test
  void correctPbRefusesTheStaleReadUnderTheSameSearch() {
    ExploreOptions oneCut = ExploreOptions.defaults().withLinkCuts(1);
    List<ExploreAction> split = stages(null, oneCut, new ArrayList<>());
    // From the same split brain, search twice as deep as B2's last stage needed.
    ExploreResult r = run(null, oneCut.withMaxDepth(6).withMaxStates(200_000), List.of(), split);
    assertNull(r.property(), r.summary() + " " + r.message() + " " + r.path());
    assertEquals(EndCondition.BOUND_REACHED, r.end(), r.summary());
  }
}
