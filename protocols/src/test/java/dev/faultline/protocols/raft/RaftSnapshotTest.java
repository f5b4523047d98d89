package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log compaction: a follower that missed compacted entries catches up by InstallSnapshot. */
class RaftSnapshotTest {

  @Test
  void laggingFollowerGetsSnapshotWithStateMachineAndSessions() {
    List<ClientOp> ops = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      ops.add(new ClientOp("append", "k" + (i % 3), "c1-" + i, i == 1 ? 400 : 0));
    }
    List<List<ClientOp>> workload = List.of(ops);
    NodeId s1 = NodeId.of("s1");
    NodeId s2 = NodeId.of("s2");
    NodeId s3 = NodeId.of("s3");
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(300, new Fault.Crash(s3))
            .at(2500, new Fault.Restart(s3, false))
            .build();
    RaftRuns.Run run =
        RaftRuns.run(
            3,
            3,
            null,
            workload,
            RaftRuns.options("snapshotEvery", "5"),
            NetworkConfig.RELIABLE,
            faults,
            4000,
            0,
            true);
    assertNull(run.outcome().violation());
    assertNull(RaftRuns.liveness(run, workload));
    boolean installed =
        run.trace().stream()
            .anyMatch(
                e ->
                    e instanceof TraceEvent.Deliver d
                        && d.to().equals(s3)
                        && d.message() instanceof RaftMessage.InstallSnapshot);
    assertTrue(installed, "s3 should have been sent a snapshot");
    RaftState a = run.world().stateAs(s1, RaftState.class);
    RaftState b = run.world().stateAs(s2, RaftState.class);
    RaftState c = run.world().stateAs(s3, RaftState.class);
    RaftState leader = a.role() == RaftRole.LEADER ? a : b;
    assertTrue(leader.log().baseIndex() > 0, "the leader compacted its log");
    assertEquals(leader.lastApplied(), c.lastApplied());
    assertEquals(leader.kv(), c.kv());
    assertEquals(leader.sessions(), c.sessions(), "the session table travels in the snapshot");
  }
}
