package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftBasicTest {

  @Test
  void reliableClusterCompletesSequentialOpsWithRightValues() {
    List<List<ClientOp>> workload =
        List.of(
            List.of(
                new ClientOp("put", "x", "c1-1", 400),
                new ClientOp("append", "x", "c1-2"),
                new ClientOp("get", "x", null)));
    RaftRuns.Run run =
        RaftRuns.run(
            1,
            3,
            null,
            workload,
            RaftRuns.options(),
            NetworkConfig.RELIABLE,
            FaultSchedule.NONE,
            3000,
            0,
            true);
    assertNull(run.outcome().violation(), () -> "violation: " + run.outcome().violation());
    assertNull(RaftRuns.liveness(run, workload));
    List<HistoryEvent> oks =
        run.history().stream().filter(e -> e.type() == HistoryEvent.Type.OK).toList();
    assertEquals(3, oks.size());
    assertEquals("c1-1c1-2", oks.get(2).value());
    long leaders =
        run.cluster().servers().stream()
            .filter(id -> run.world().stateAs(id, RaftState.class).role() == RaftRole.LEADER)
            .count();
    assertEquals(1, leaders);
  }

  @Test
  void readIndexReadsSeeCompletedWrites() {
    List<List<ClientOp>> workload =
        List.of(
            List.of(new ClientOp("put", "x", "c1-1", 400), new ClientOp("get", "x", null)),
            List.of(new ClientOp("get", "x", null, 1500)));
    RaftRuns.Run run =
        RaftRuns.run(
            2,
            3,
            null,
            workload,
            RaftRuns.options("reads", "readIndex"),
            NetworkConfig.RELIABLE,
            FaultSchedule.NONE,
            3000,
            0,
            false);
    assertNull(run.outcome().violation());
    assertNull(RaftRuns.liveness(run, workload));
    List<HistoryEvent> gets =
        run.history().stream()
            .filter(e -> e.type() == HistoryEvent.Type.OK && e.f().equals("get"))
            .toList();
    assertEquals(2, gets.size());
    assertTrue(gets.stream().allMatch(e -> "c1-1".equals(e.value())), gets::toString);
  }
}
