package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.protocols.common.SettledLatencyCase;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * PB's calm latency bound (option {@code checkCalmLatency}): the settled bound in every calm
 * stretch, so a primary that loses replies between faults fails it even when every operation ends
 * before the faults stop, where the settled bound never looks.
 */
class PbCalmLatencyTest {

  @Test
  void theBoundIsTheSettledBoundAndOnlyUnderItsOption() {
    SettledLatencyCase.assertCalmBoundIsTheSettledOneUnderItsOption(new PbSpec());
    TreeMap<String, String> options = new TreeMap<>();
    options.put(SettledLatency.CALM_OPTION, "true");
    new PbSpec().build(new ClusterParams(3, null, List.of(), options)); // the run accepts it
    options.put(SettledLatency.CALM_OPTION, "1");
    assertEquals(
        "option 'checkCalmLatency' must be true or false, was '1'",
        assertThrows(
                IllegalArgumentException.class,
                () -> new PbSpec().build(new ClusterParams(3, null, List.of(), options)))
            .getMessage());
  }

  @Test
  void correctPbMeetsItInACalmStretch() {
    ClusterRun.Result r = ClusterRun.run(plan(true));
    assertNull(r.property(), r.message());
  }

  @Test
  void aPrimaryThatLosesRepliesBetweenFaultsIsCaughtOnlyByTheCalmBound() {
    ClusterRun.Result without = ClusterRun.run(planted(false));
    assertNull(without.property(), "the settled bound sees no operation: " + without.message());
    RunPlan planted = planted(true);
    SettledLatencyCase.assertOnlyTheCalmBoundFails(planted, ClusterRun.run(planted));
  }

  private static RunPlan planted(boolean calm) {
    return new PlantedSpec(
            new PbSpec(),
            "pb whose servers drop the replies they send at even ticks",
            (nodes, servers) -> {
              for (NodeId s : servers) {
                nodes.put(
                    s,
                    new PbSettledLatencyTest.DropsSomeReplies(
                        new PbServer(PbConfig.DEFAULT, null, PbSpec.VIEW_SERVER)));
              }
            })
        .on(plan(calm));
  }

  /**
   * 3 servers; s3 down from tick 100 to 300, then calm until s2 crashes at 3,000 (faults last to
   * 4,000); 2 clients with 12 operations each from tick 1,000 on, all done long before 3,000.
   */
  private static RunPlan plan(boolean calm) {
    TreeMap<String, String> options = new TreeMap<>();
    if (calm) {
      options.put(SettledLatency.CALM_OPTION, "true");
    }
    List<ScheduledFault> faults =
        List.of(
            new ScheduledFault(100, new Fault.Crash(NodeId.of("s3"))),
            new ScheduledFault(300, new Fault.Restart(NodeId.of("s3"), false)),
            new ScheduledFault(3_000, new Fault.Crash(NodeId.of("s2"))));
    return RunPlan.of(
        new PbSpec(),
        3,
        null,
        SettledLatencyCase.workload(2, 12, 1_000, 60),
        options,
        7,
        NetworkConfig.RELIABLE,
        faults,
        4_000,
        3_000);
  }
}
