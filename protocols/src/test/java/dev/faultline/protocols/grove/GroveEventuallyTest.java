package dev.faultline.protocols.grove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.EndState;
import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.PlantedNode;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.network.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Grove's ReplicasConverge fails on the bugs it closes (planted at one backup by rewriting the
 * messages it receives, so the protocol code stays correct, or as hand-made end states) and holds
 * for correct Grove on the same plan: two clients write and read while the admin moves the cluster
 * from s1, s2, s3 to s2, s3, s1.
 */
class GroveEventuallyTest {
  private static final String CONVERGE = "ReplicasConverge";
  private static final List<NodeId> SERVERS = ids("s1", "s2", "s3");

  @Test
  void correctGroveConverges() {
    ClusterRun.Result r = ClusterRun.run(plan());
    assertNull(r.property(), r.message());
    ReplicaState s1 = r.world().stateAs(NodeId.of("s1"), ReplicaState.class);
    assertEquals(2, s1.epoch(), "the reconfiguration never ran");
  }

  /** s1 (a backup after the move) never learns the commit index: no CommitIndex, index 0. */
  @Test
  void aBackupThatNeverLearnsTheCommitIndexIsCaught() {
    RunPlan plan =
        PlantedNode.at(
                new GroveSpec(),
                NodeId.of("s1"),
                m ->
                    switch (m) {
                      case GroveMessage.CommitIndex c -> null;
                      case GroveMessage.ApplyAsBackup a ->
                          new GroveMessage.ApplyAsBackup(a.epoch(), a.index(), a.op(), 0);
                      default -> m;
                    })
            .on(plan());
    ClusterRun.Result r = ClusterRun.run(plan);
    assertEquals(CONVERGE, r.property(), r.message());
    assertTrue(r.message().startsWith("s1 holds"), r.message());
  }

  /** A server of the active epoch that never entered it (its SetState never came). */
  @Test
  void aServerLeftInAnOlderEpochIsCaught() {
    EndState end = settled();
    end.up("s3", replica(1, false, 1));
    String found = converge(end);
    assertTrue(found != null && found.equals("s3 is in epoch 1 but epoch 2 is active"), found);
  }

  /** A backup with the primary's log that applied another state, or misses the last op. */
  @Test
  void aBackupApartFromItsPrimaryIsCaught() {
    EndState end = settled();
    assertNull(converge(end));
    ReplicaState s3 = replica(2, false, 2);
    s3.kv.apply("put", "k", "other");
    String found = converge(end.up("s3", s3));
    assertTrue(found != null && found.startsWith("s3 holds 2 ops of epoch 2"), found);
    found = converge(end.up("s3", replica(2, false, 1)));
    assertTrue(found != null && found.startsWith("s3 holds 1 ops of epoch 2"), found);
  }

  /** A primary that never commits what it holds, though every backup is up. */
  @Test
  void aPrimaryThatNeverCommitsIsCaught() {
    EndState end = settled();
    ReplicaState s2 = replica(2, true, 2);
    s2.committed = 1;
    String found = converge(end.up("s2", s2));
    assertTrue(found != null && found.contains("committed only 1"), found);
  }

  private static String converge(EndState end) {
    for (Invariant e : GroveEventually.all(GroveSpec.CONFIG_SERVICE, GroveSpec.ADMIN, 1)) {
      if (e.name().equals(CONVERGE)) {
        return e.check(end);
      }
    }
    throw new AssertionError("no " + CONVERGE);
  }

  /** Epoch 2 active on s2, s3, s1 (s2 primary), every replica holding the same two puts. */
  private static EndState settled() {
    return new EndState()
        .disk(
            GroveSpec.CONFIG_SERVICE.name(),
            new ConfigState.Disk(2, 2, ids("s2", "s3", "s1"), 0, false))
        .up("s2", replica(2, true, 2))
        .up("s3", replica(2, false, 2))
        .up("s1", replica(2, false, 2));
  }

  /** A replica of {@code epoch} holding {@code ops} committed, applied puts. */
  private static ReplicaState replica(long epoch, boolean primary, int ops) {
    ReplicaState s = new ReplicaState();
    s.epoch = epoch;
    s.servers = ids("s2", "s3", "s1");
    s.isPrimary = primary;
    for (int i = 1; i <= ops; i++) {
      KvRequest op = new KvRequest(NodeId.of("c1"), i, "put", "k", "v" + i);
      op.executeOnce(s.sessions, s.kv);
      s.log.add(op);
    }
    s.committed = ops;
    return s;
  }

  private static List<NodeId> ids(String... names) {
    return java.util.Arrays.stream(names).map(NodeId::of).toList();
  }

  /** Two clients, six puts and gets each from tick 100; the move to s2, s3, s1 at tick 600. */
  private static RunPlan plan() {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= 2; c++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int n = 1; n <= 6; n++) {
        ops.add(new ClientOp("put", "k" + (n % 2), "c" + c + "-" + n, 100L * n));
        ops.add(new ClientOp("get", "k" + (n % 2), null, 100L * n + 50));
      }
      workload.add(ops);
    }
    return RunPlan.of(
        new GroveSpec(),
        3,
        null,
        workload,
        new TreeMap<>(Map.of("reconfig", "600:s2,s3,s1")),
        3,
        NetworkConfig.RELIABLE,
        List.of(),
        1_500,
        3_000);
  }
}
