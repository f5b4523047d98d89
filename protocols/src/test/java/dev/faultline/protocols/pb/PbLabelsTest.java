package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.FilteredEffects;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.StateFidelity;
import dev.faultline.sim.network.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
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
    ClusterRun.Result r = ClusterRun.run(plan(3));
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

  /**
   * A primary that calls itself idle, as {@link View#roleOf} would without its primary test: the
   * expected role is written from the view's fields ({@link PbLabels#role}), not by {@code roleOf},
   * so the check sees it even when the annotating code is what is wrong.
   */
  @Test
  void aPrimaryLabelledIdleIsCaught() {
    ClusterRun.Result r =
        ClusterRun.run(
            relabelled(
                "a primary labelled idle",
                (k, v) -> k.equals(Annotations.ROLE) && v.equals(Roles.PRIMARY) ? Roles.IDLE : v,
                3));
    assertEquals(StateFidelity.NAME, r.property(), r.message());
    assertTrue(
        r.message().contains("latest role label is 'idle' but its state says 'primary'"),
        r.message());
  }

  /**
   * A view without a backup written with "null" for it, as {@link View#toString} would without its
   * "-": one server, so its views never have a backup.
   */
  @Test
  void aViewLabelThatNamesNoBackupNullIsCaught() {
    ClusterRun.Result r =
        ClusterRun.run(
            relabelled(
                "a view label with 'null' for no backup",
                (k, v) -> k.equals(Annotations.VIEW) ? v.replace(",-)", ",null)") : v,
                1));
    assertEquals(StateFidelity.NAME, r.property(), r.message());
    assertTrue(r.message().contains("latest view label is '1(s"), r.message());
  }

  @Test
  void theExpectedLabelsAreTheViewsFieldsInReportForm() {
    NodeId s1 = NodeId.of("s1");
    NodeId s2 = NodeId.of("s2");
    View withBackup = new View(3, s1, s2);
    View alone = new View(4, s2, null);
    assertEquals("3(s1,s2)", PbLabels.view(withBackup));
    assertEquals("4(s2,-)", PbLabels.view(alone));
    assertEquals(Roles.PRIMARY, PbLabels.role(withBackup, s1));
    assertEquals(Roles.BACKUP, PbLabels.role(withBackup, s2));
    assertEquals(Roles.IDLE, PbLabels.role(alone, s1));
    assertEquals(Roles.IDLE, PbLabels.role(View.STARTUP, s1));
  }

  /** Servers whose labels pass through {@code rewrite} (key, value) to a new value. */
  private static RunPlan relabelled(String what, BinaryOperator<String> rewrite, int servers) {
    return plantedServers(
        "pb with " + what,
        servers,
        out ->
            new FilteredEffects<>(
                out,
                (to, m) -> true,
                (k, v) -> {
                  String written = rewrite.apply(k, v);
                  if (written.equals(v)) {
                    return true;
                  }
                  out.annotate(k, written);
                  return false;
                }));
  }

  /** Servers that annotate {@code key} only while booting. */
  private static RunPlan planted(String key) {
    return plantedServers(
        "pb whose servers set the " + key + " label only at boot",
        3,
        out -> withoutLabel(out, key));
  }

  /** The correct servers, handling messages through {@code effects}. */
  private static RunPlan plantedServers(
      String what, int serverCount, UnaryOperator<Effects<PbMessage, PbTimer>> effects) {
    return new PlantedSpec(
            new PbSpec(),
            what,
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
                        correct.onMessage(st, from, m, effects.apply(out));
                      }
                    });
              }
            })
        .on(plan(serverCount));
  }

  private static Effects<PbMessage, PbTimer> withoutLabel(
      Effects<PbMessage, PbTimer> out, String key) {
    return new FilteredEffects<>(out, (to, m) -> true, (k, value) -> !k.equals(key));
  }

  /** {@code servers} servers, 2 clients with 6 operations each; no faults. */
  private static RunPlan plan(int servers) {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= 2; c++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ops.add(new ClientOp("append", "k1", "c" + c + "-" + i, 200 + 50L * i));
      }
      workload.add(ops);
    }
    return PbFuzz.plan(servers, null, workload, NetworkConfig.RELIABLE, List.of(), 7, 100, 2_000);
  }
}
