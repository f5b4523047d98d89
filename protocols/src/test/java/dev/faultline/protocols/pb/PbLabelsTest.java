package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.FilteredEffects;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.StateFidelity;
import dev.faultline.sim.network.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PB's labels: a server's latest role and view annotations must match the view its state holds
 * ({@link PbServerState#labels}). Reports draw them, and role-targeted faults ("isolate the
 * primary") aim by the latest role, so a server that forgets to relabel itself after a view change
 * is caught, although the protocol itself still runs correctly.
 */
class PbLabelsTest {

  @Test
  void correctPbLabelsMatchItsStates() {
    ClusterRun.Result r = ClusterRun.run(plan());
    assertNull(r.property(), r.message());
  }

  @Test
  void aServerThatDoesNotRelabelItselfAfterAViewChangeIsCaught() {
    ClusterRun.Result r = ClusterRun.run(planted(Annotations.ROLE));
    assertEquals(StateFidelity.NAME, r.property(), r.message());
    assertTrue(r.message().contains("latest role label is 'idle' but its state says"), r.message());
  }

  @Test
  void aServerThatNeverLabelsItsViewIsCaught() {
    ClusterRun.Result r = ClusterRun.run(planted(Annotations.VIEW));
    assertEquals(StateFidelity.NAME, r.property(), r.message());
    assertTrue(r.message().contains("latest view label is missing"), r.message());
  }

  /** Servers that annotate {@code key} only while booting. */
  private static RunPlan planted(String key) {
    return new PlantedSpec(
            new PbSpec(),
            "pb whose servers set the " + key + " label only at boot",
            (nodes, servers) -> {
              for (NodeId s : servers) {
                nodes.put(
                    s,
                    new ServerDelegate(new PbServer(PbConfig.DEFAULT, null, PbSpec.VIEW_SERVER)) {
                      @Override
                      public void onMessage(
                          PbServerState st,
                          NodeId from,
                          PbMessage m,
                          Effects<PbMessage, PbTimer> out) {
                        correct.onMessage(st, from, m, withoutLabel(out, key));
                      }
                    });
              }
            })
        .on(plan());
  }

  private static Effects<PbMessage, PbTimer> withoutLabel(
      Effects<PbMessage, PbTimer> out, String key) {
    return new FilteredEffects<>(out, (to, m) -> true, (k, value) -> !k.equals(key));
  }

  /** 3 servers, 2 clients with 6 operations each; no faults. */
  private static RunPlan plan() {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= 2; c++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ops.add(new ClientOp("append", "k1", "c" + c + "-" + i, 200 + 50L * i));
      }
      workload.add(ops);
    }
    return PbFuzz.plan(3, null, workload, NetworkConfig.RELIABLE, List.of(), 7, 100, 2_000);
  }
}
