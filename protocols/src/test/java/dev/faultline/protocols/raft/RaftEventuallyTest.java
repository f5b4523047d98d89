package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.Delegating;
import dev.faultline.protocols.common.LeaderGuess;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Raft's EVENTUALLY properties fail on the bugs they close (planted here by wrapping the correct
 * nodes, so the protocol code stays correct) and hold for correct Raft on the same plans.
 */
class RaftEventuallyTest {
  private static final RaftFuzzPlan PLAN = RaftFuzzPlan.draw(7, false);

  @Test
  void correctRaftConvergesAndCompletesItsMembershipChanges() {
    assertNull(ClusterRun.run(PLAN.plan(7, null)).property());
    RaftFuzzPlan membership = RaftFuzzPlan.draw(100_003, true);
    assertNull(ClusterRun.run(membership.plan(100_003, null)).property());
  }

  /** Followers never learn the commit index, so they never apply: clients still finish. */
  @Test
  void followersThatNeverApplyAreCaught() {
    RunPlan plan = planted(PLAN.plan(7, null), NeverApplyingFollower::new, p -> p);
    ClusterRun.Result r = ClusterRun.run(plan);
    assertEquals(RaftEventually.REPLICAS_CONVERGE, r.property(), r.message());
  }

  /** An admin that drops its request after the first refusal, without saying so. */
  @Test
  void anAdminThatSilentlyGivesUpIsCaught() {
    RunPlan plan =
        planted(RaftFuzzPlan.draw(100_003, true).plan(100_003, null), p -> p, SilentAdmin::new);
    ClusterRun.Result r = ClusterRun.run(plan);
    assertEquals(RaftEventually.RECONFIG_COMPLETES, r.property(), r.message());
  }

  /**
   * An admin that records the leader's refusal (here: a change already in progress, or no entry of
   * the leader's term committed yet) and never asks again: it has an outcome, so a check that
   * accepted any refusal passed it; the refusal does not last, so the change must still come.
   */
  @Test
  void anAdminThatStopsAfterARefusalThatDoesNotLastIsCaught() {
    RunPlan correct = RaftFuzzPlan.draw(100_000, true).plan(100_000, null);
    assertNull(ClusterRun.run(correct).property());
    ClusterRun.Result r = ClusterRun.run(planted(correct, p -> p, OneTryAdmin::new));
    assertEquals(RaftEventually.RECONFIG_COMPLETES, r.property(), r.message());
    assertEquals(
        "a2 still asks for its membership change at the end (latest answer: refused: a change is"
            + " in progress)",
        r.message());
  }

  /** The one refusal that lasts (single-server mode, two servers away) is an answer. */
  @Test
  void anAdminLastRefusedForAReasonThatLastsIsNotCaught() {
    RaftAdminState a = new RaftAdminState(new LeaderGuess(0));
    a.started = true;
    a.inFlight = true;
    a.outcome = RaftEventually.LASTING_REFUSAL;
    Invariant completes = RaftEventually.reconfigCompletes(List.of(A1), List.of(500L));
    assertNull(completes.check(adminView(a)));
    a.outcome = "refused: a change is in progress";
    assertEquals(
        "a1 still asks for its membership change at the end (latest answer: refused: a change is"
            + " in progress)",
        completes.check(adminView(a)));
  }

  /**
   * An admin whose step was due but that never asked (its step timer never set): it has no outcome
   * because it never started, which the check used to pass.
   */
  @Test
  void anAdminThatNeverAsksIsCaught() {
    RunPlan correct = RaftFuzzPlan.draw(100_000, true).plan(100_000, null);
    ClusterRun.Result r = ClusterRun.run(planted(correct, p -> p, NeverStartingAdmin::new));
    assertEquals(RaftEventually.RECONFIG_COMPLETES, r.property(), r.message());
    assertEquals(true, r.message().contains("but it never asked"), r.message());
    RaftAdminState idle = new RaftAdminState(new LeaderGuess(0));
    Invariant completes = RaftEventually.reconfigCompletes(List.of(A1), List.of(500L));
    assertNull(completes.check(adminView(idle, 1_499)), "not yet due");
    assertEquals(
        "a1's step was due at tick 500 but it never asked",
        completes.check(adminView(idle, 1_500)));
  }

  /** The correct admin, except that its step timer is never set: it never asks. */
  private static final class NeverStartingAdmin extends DelegatingAdmin {
    NeverStartingAdmin(Protocol<RaftAdminState, RaftMessage, RaftTimer> correct) {
      super(correct);
    }

    @Override
    public RaftAdminState init(NodeId self, Durable durable, Effects<RaftMessage, RaftTimer> out) {
      RaftAdminState s = correct.init(self, durable, out);
      out.cancelTimer(new RaftTimer.NextOpDue());
      return s;
    }
  }

  private static final NodeId A1 = NodeId.of("a1");

  /** A view holding only admin a1 in state {@code a}. */
  private static SystemView adminView(RaftAdminState a) {
    return adminView(a, 0);
  }

  /** A view at {@code tick} holding only admin a1 in state {@code a}. */
  private static SystemView adminView(RaftAdminState a, long tick) {
    return new SystemView() {
      public long tick() {
        return tick;
      }

      public List<NodeId> nodes() {
        return List.of(A1);
      }

      public boolean isUp(NodeId node) {
        return true;
      }

      public NodeState<?> state(NodeId node) {
        return A1.equals(node) ? a : null;
      }

      public Durable durable(NodeId node) {
        return null;
      }

      public List<HistoryEvent> history() {
        return List.of();
      }
    };
  }

  /**
   * The leader's C_old,new committed but C_new never followed (joint consensus left half done): a
   * hand-made end state, as a leader that skips its second configuration entry leaves it.
   */
  @Test
  void aLeaderStuckInJointConsensusIsCaught() {
    RaftState leader = leaderWith(Membership.joint(List.of(S1, S2), List.of(S1, S2, S3)));
    leader.commitIndex = leader.log.lastIndex();
    Invariant settles = RaftEventually.membershipSettles(List.of(S1));
    String found = settles.check(RaftInvariantsTest.view(leader));
    assertEquals(true, found != null && found.contains("joint consensus never finished"), found);
  }

  /** A configuration entry the leader appended but never committed; settled once committed. */
  @Test
  void anUncommittedConfigurationIsCaughtAndACommittedOneIsNot() {
    RaftState leader = leaderWith(Membership.of(List.of(S1, S2)));
    Invariant settles = RaftEventually.membershipSettles(List.of(S1));
    assertEquals(
        true, settles.check(RaftInvariantsTest.view(leader)) != null, "uncommitted entry missed");
    leader.commitIndex = leader.log.lastIndex();
    assertNull(settles.check(RaftInvariantsTest.view(leader)));
  }

  private static final NodeId S1 = NodeId.of("s1");
  private static final NodeId S2 = NodeId.of("s2");
  private static final NodeId S3 = NodeId.of("s3");

  private static RaftState leaderWith(Membership m) {
    RaftState s = RaftInvariantsTest.server("s1", 2, RaftRole.LEADER, 1, 2);
    s.log.append(new RaftEntry(2, new RaftCommand.ConfigCommand(m)));
    return s;
  }

  /** Correct Raft with its server and admin nodes wrapped; same invariants and EVENTUALLY. */
  @SuppressWarnings("unchecked")
  private static RunPlan planted(
      RunPlan p,
      UnaryOperator<Protocol<RaftState, RaftMessage, RaftTimer>> server,
      UnaryOperator<Protocol<RaftAdminState, RaftMessage, RaftTimer>> admin) {
    return new PlantedSpec(
            new RaftSpec(),
            "raft with a planted bug",
            (nodes, servers) ->
                nodes.replaceAll(
                    (id, n) ->
                        n instanceof RaftNode r
                            ? server.apply(r)
                            : n instanceof RaftAdmin a
                                ? admin.apply((Protocol<RaftAdminState, RaftMessage, RaftTimer>) a)
                                : n))
        .on(p);
  }

  /** Passes every AppendEntries on with leaderCommit 0. */
  private record NeverApplyingFollower(Protocol<RaftState, RaftMessage, RaftTimer> correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (m instanceof RaftMessage.AppendEntries a) {
        m =
            new RaftMessage.AppendEntries(
                a.term(), a.prevLogIndex(), a.prevLogTerm(), a.entries(), 0, a.round());
      }
      correct.onMessage(s, from, m, out);
    }
  }

  /** Records a refusal from the server it asked, as the correct admin does, then never retries. */
  private static final class OneTryAdmin extends DelegatingAdmin {
    OneTryAdmin(Protocol<RaftAdminState, RaftMessage, RaftTimer> correct) {
      super(correct);
    }

    @Override
    public void onMessage(
        RaftAdminState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      String before = s.outcome;
      correct.onMessage(s, from, m, out);
      if (s.inFlight && s.outcome != null && !s.outcome.equals(before)) {
        out.cancelTimer(new RaftTimer.RequestRetry(1)); // the refusal was recorded: stop here
      }
    }
  }

  /** Stops at the first refusal (e.g. "not the leader") without recording why. */
  private static final class SilentAdmin extends DelegatingAdmin {
    SilentAdmin(Protocol<RaftAdminState, RaftMessage, RaftTimer> correct) {
      super(correct);
    }

    @Override
    public void onMessage(
        RaftAdminState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      if (m instanceof RaftMessage.ConfigReply r && !r.ok()) {
        s.inFlight = false; // gives up silently: no outcome, no annotation
        out.cancelTimer(new RaftTimer.RequestRetry(1));
        return;
      }
      correct.onMessage(s, from, m, out);
    }
  }

  /** The correct admin, every call passed on: a planted admin overrides the one it changes. */
  private abstract static class DelegatingAdmin
      implements Protocol<RaftAdminState, RaftMessage, RaftTimer> {
    final Protocol<RaftAdminState, RaftMessage, RaftTimer> correct;

    DelegatingAdmin(Protocol<RaftAdminState, RaftMessage, RaftTimer> correct) {
      this.correct = correct;
    }

    @Override
    public RaftAdminState init(NodeId self, Durable durable, Effects<RaftMessage, RaftTimer> out) {
      return correct.init(self, durable, out);
    }

    @Override
    public void onMessage(
        RaftAdminState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      correct.onMessage(s, from, m, out);
    }

    @Override
    public void onTimer(RaftAdminState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
      correct.onTimer(s, t, out);
    }
  }
}
