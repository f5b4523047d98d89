package dev.faultline.protocols.vr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.EndState;
import dev.faultline.protocols.common.PlantedNode;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * VR's EVENTUALLY properties fail on the bugs they close (planted at one replica by rewriting the
 * messages it receives, so the protocol code stays correct, or as hand-made end states) and hold
 * for correct VR on the same plan: s3 crashes and restarts without its state while two clients
 * write through s1 and s2, which finish every operation without it.
 */
class VrEventuallyTest {
  private static final NodeId S3 = NodeId.of("s3");
  private static final List<NodeId> SERVERS = List.of(NodeId.of("s1"), NodeId.of("s2"), S3);

  @Test
  void correctVrRecoversAndConverges() {
    ClusterRun.Result r = ClusterRun.run(plan());
    assertNull(r.property(), r.message());
    VrState s3 = r.world().stateAs(S3, VrState.class);
    assertEquals(VrStatus.NORMAL, s3.status(), "s3 never recovered in the correct run");
    assertTrue(s3.commit() > 0, "the plan committed nothing");
  }

  /** s3 never hears a RECOVERYRESPONSE: it stays recovering, and s1 and s2 serve every client. */
  @Test
  void aReplicaThatNeverFinishesRecoveryIsCaught() {
    RunPlan plan =
        PlantedNode.at(new VrSpec(), S3, m -> m instanceof VrMessage.RecoveryResponse ? null : m)
            .on(plan());
    ClusterRun.Result r = ClusterRun.run(plan);
    assertEquals(VrEventually.RECOVERY_COMPLETES, r.property(), r.message());
  }

  /**
   * s3 never learns a commit number (PREPARE and COMMIT reach it with commit 0): never executes.
   */
  @Test
  void aBackupThatNeverExecutesIsCaught() {
    RunPlan plan =
        PlantedNode.at(
                new VrSpec(),
                S3,
                m ->
                    switch (m) {
                      case VrMessage.Commit c -> new VrMessage.Commit(c.view(), 0);
                      case VrMessage.Prepare p ->
                          new VrMessage.Prepare(p.view(), p.op(), p.opNumber(), 0);
                      default -> m;
                    })
            .on(plan(List.of()));
    ClusterRun.Result r = ClusterRun.run(plan);
    assertEquals(VrEventually.REPLICAS_CONVERGE, r.property(), r.message());
  }

  /** A replica left normal in an old view (it never asked for the new view's state). */
  @Test
  void aReplicaLeftInAnOldViewIsCaught() {
    VrState s1 = replica("s1", 4, true);
    VrState s2 = replica("s2", 4, false);
    VrState s3 = replica("s3", 3, false);
    EndState end = new EndState().up("s1", s1).up("s2", s2).up("s3", s3);
    String found = check(VrEventually.VIEW_SETTLES, end);
    assertTrue(found != null && found.contains("s3 ends normal in view 3"), found);
    s3.view = 4;
    assertNull(check(VrEventually.VIEW_SETTLES, end));
    assertNull(check(VrEventually.REPLICAS_CONVERGE, end));
  }

  /** A backup that executed the same ops into another state, or lacks the latest op. */
  @Test
  void aBackupBehindOrApartFromItsPrimaryIsCaught() {
    VrState s1 = replica("s1", 1, true);
    VrState s2 = replica("s2", 1, false);
    EndState end = new EndState().up("s1", s1).up("s2", s2);
    s2.kv.apply("put", "k", "other");
    String found = check(VrEventually.REPLICAS_CONVERGE, end);
    assertTrue(found != null && found.contains("instead of"), found);
    s2.kv = s1.kv.copy();
    s2.truncateLog(1);
    s2.commit = 1;
    s2.executed = 1;
    found = check(VrEventually.REPLICAS_CONVERGE, end);
    assertTrue(found != null && found.contains("s2 holds 1 ops"), found);
  }

  /** More than f replicas recovering is VR's declared limit: no property blames it. */
  @Test
  void theRecoveryLimitExcusesEveryProperty() {
    VrState s1 = replica("s1", 2, true);
    VrState s2 = new VrState(NodeId.of("s2"), 2);
    s2.status = VrStatus.RECOVERING;
    VrState s3 = new VrState(S3, 2);
    s3.status = VrStatus.RECOVERING;
    EndState end = new EndState().up("s1", s1).up("s2", s2).up("s3", s3);
    for (Invariant e : VrEventually.all(SERVERS)) {
      assertNull(e.check(end), e.name());
    }
    s3.status = VrStatus.NORMAL;
    s3.view = 2;
    String found = check(VrEventually.RECOVERY_COMPLETES, end);
    assertTrue(found != null && found.startsWith("s2 is still recovering"), found);
  }

  private static String check(String property, EndState end) {
    for (Invariant e : VrEventually.all(SERVERS)) {
      if (e.name().equals(property)) {
        return e.check(end);
      }
    }
    throw new AssertionError("no property " + property);
  }

  /** A normal replica in {@code view} holding two committed, executed puts. */
  private static VrState replica(String id, long view, boolean primary) {
    VrState s = new VrState(NodeId.of(id), 1);
    s.view = view;
    s.lastNormalView = view;
    s.primary = primary;
    for (int i = 1; i <= 2; i++) {
      VrOp op = new VrOp(NodeId.of("c1"), i, "put", "k", "v" + i);
      VrCore.append(s, op);
      s.kv.apply(op.f(), op.key(), op.value());
    }
    s.commit = 2;
    s.executed = 2;
    return s;
  }

  /** s3 down from tick 300 to 900, so it restarts recovering and misses the later writes. */
  private static RunPlan plan() {
    return plan(
        List.of(
            new ScheduledFault(300, new Fault.Crash(S3)),
            new ScheduledFault(900, new Fault.Restart(S3, false))));
  }

  /** Two clients, eight writes each, one every 100 ticks from tick 100 (the last at 800). */
  private static RunPlan plan(List<ScheduledFault> faults) {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= 2; c++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int n = 1; n <= 8; n++) {
        ops.add(new ClientOp("put", "k" + (n % 3), "c" + c + "-" + n, 100L * n));
      }
      workload.add(ops);
    }
    return RunPlan.of(
        new VrSpec(),
        3,
        null,
        workload,
        new TreeMap<>(),
        11,
        NetworkConfig.RELIABLE,
        faults,
        1_500,
        3_000);
  }
}
