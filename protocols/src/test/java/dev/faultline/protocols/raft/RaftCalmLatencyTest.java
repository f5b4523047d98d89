package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.SettledLatencyCase;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.FaultSchedule;
import dev.faultline.sim.network.NetworkConfig;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Raft's calm latency bound (option {@code checkCalmLatency}): the settled bound in every calm
 * stretch, so a delay-only bug on a stretch between faults fails it even when every operation ends
 * before the faults stop, where the settled bound never looks.
 */
class RaftCalmLatencyTest {

  @Test
  void theBoundIsTheSettledBoundAndOnlyUnderItsOption() {
    SettledLatencyCase.assertCalmBoundIsTheSettledOneUnderItsOption(new RaftSpec());
    TreeMap<String, String> options = new TreeMap<>();
    options.put(SettledLatency.CALM_OPTION, "yes");
    assertEquals(
        "raft option 'checkCalmLatency' must be true or false, was 'yes'",
        assertThrows(
                IllegalArgumentException.class,
                () -> RaftConfig.from(List.of(NodeId.of("s1")), null, options))
            .getMessage());
  }

  @Test
  void correctRaftMeetsItInACalmStretch() {
    ClusterRun.Result r = ClusterRun.run(plan(true));
    assertNull(r.property(), r.message());
  }

  @Test
  void aLeaderThatLosesRepliesBetweenFaultsIsCaughtOnlyByTheCalmBound() {
    ClusterRun.Result without = ClusterRun.run(planted(false));
    assertNull(without.property(), "the settled bound sees no operation: " + without.message());
    RunPlan planted = planted(true);
    SettledLatencyCase.assertOnlyTheCalmBoundFails(planted, ClusterRun.run(planted));
  }

  private static RunPlan planted(boolean calm) {
    return RaftSettledLatencyTest.dropsFirstReplies().on(plan(calm));
  }

  /**
   * 3 servers; s3 down from tick 100 to 300, then calm until s2 crashes at 4,000 (faults last to
   * 5,000); 2 clients with 6 operations each from tick 2,000 on, all done long before 4,000.
   */
  private static RunPlan plan(boolean calm) {
    TreeMap<String, String> options = new TreeMap<>();
    if (calm) {
      options.put(SettledLatency.CALM_OPTION, "true");
    }
    FaultSchedule faults =
        FaultSchedule.builder()
            .at(100, new Fault.Crash(NodeId.of("s3")))
            .at(300, new Fault.Restart(NodeId.of("s3"), false))
            .at(4_000, new Fault.Crash(NodeId.of("s2")))
            .build();
    return RaftRuns.plan(
        7,
        3,
        null,
        SettledLatencyCase.workload(2, 6, 2_000, 60),
        options,
        NetworkConfig.RELIABLE,
        faults,
        5_000,
        6_000);
  }
}
