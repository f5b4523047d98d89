package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.FilteredEffects;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.protocols.common.SettledLatencyCase;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.network.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PB's settled latency bound fails on a delay-only bug that every other check passes: a primary
 * that drops some of its replies, so the client's retry, 100 ticks later, gets the answer. Every
 * operation still finishes (liveness holds), the history is linearizable, the view completes.
 */
class PbSettledLatencyTest {

  @Test
  void correctPbAnswersWithinTheBound() {
    ClusterRun.Result r = ClusterRun.run(plan());
    assertNull(r.property(), r.message());
  }

  @Test
  void aPrimaryThatLosesRepliesIsCaught() {
    RunPlan planted =
        new PlantedSpec(
                new PbSpec(),
                "pb whose servers drop the replies they send at even ticks",
                (nodes, servers) -> {
                  for (NodeId s : servers) {
                    nodes.put(
                        s,
                        new DropsSomeReplies(
                            new PbServer(PbConfig.DEFAULT, null, PbSpec.VIEW_SERVER)));
                  }
                })
            .on(plan());
    SettledLatencyCase.assertOnlyTheBoundFails(planted, ClusterRun.run(planted));
  }

  /** 3 servers, 2 clients with 12 operations each from tick 400 on; faults end at tick 100. */
  private static RunPlan plan() {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= 2; c++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String f = i % 3 == 0 ? "get" : "append";
        ops.add(new ClientOp(f, "k1", "get".equals(f) ? null : "c" + c + "-" + i, 400 + 60L * i));
      }
      workload.add(ops);
    }
    return PbFuzz.plan(3, null, workload, NetworkConfig.RELIABLE, List.of(), 7, 100, 3_000);
  }

  /** Correct, except that a client reply sent at an even tick is lost. */
  static final class DropsSomeReplies extends ServerDelegate {
    DropsSomeReplies(Protocol<PbServerState, PbMessage, PbTimer> correct) {
      super(correct);
    }

    @Override
    public void onMessage(
        PbServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
      correct.onMessage(s, from, m, lossy(out));
    }

    @Override
    public void onTimer(PbServerState s, PbTimer t, Effects<PbMessage, PbTimer> out) {
      correct.onTimer(s, t, lossy(out));
    }
  }

  /** Passes everything on, except a client reply sent at an even tick. */
  private static Effects<PbMessage, PbTimer> lossy(Effects<PbMessage, PbTimer> out) {
    return new FilteredEffects<>(
        out,
        (to, m) -> !(m instanceof PbMessage.ClientReply && out.clock().lowerTicks() % 2 == 0),
        (key, value) -> true);
  }
}
