package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.EndState;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * PB's {@value PbEventually#VIEW_COMPLETE} fails on the bugs it closes, planted by wrapping correct
 * nodes: servers that stop pinging after boot, and a view server that never adds a backup. In both
 * the first primary serves every client alone, so liveness and linearizability hold.
 */
class PbEventuallyTest {
  private static final long SEED = 1;

  @Test
  void correctPbCompletesItsView() {
    assertNull(ClusterRun.run(PbFuzz.plan(SEED, null)).property());
  }

  @Test
  void serversThatStopPingingAfterBootAreCaught() {
    ClusterRun.Result r = ClusterRun.run(planted(SilentAfterBoot::new, false));
    assertEquals(PbEventually.VIEW_COMPLETE, r.property(), r.message());
  }

  @Test
  void aViewServerThatNeverAddsABackupIsCaught() {
    ClusterRun.Result r = ClusterRun.run(planted(p -> p, true));
    assertEquals(PbEventually.VIEW_COMPLETE, r.property(), r.message());
  }

  /**
   * A backup that installed the view but then missed a forwarded write (it never applies forwards):
   * a hand-made end state of a settled view whose replicas hold different data.
   */
  @Test
  void aBackupThatFallsBehindItsPrimaryIsCaught() {
    View v = new View(2, NodeId.of("s1"), NodeId.of("s2"));
    ViewServerState vs = new ViewServerState();
    vs.view = v;
    vs.primaryAcked = true;
    PbServerState primary = new PbServerState(1);
    primary.view = v;
    primary.transferDone = true;
    primary.kv.apply("put", "k1", "x");
    PbServerState backup = new PbServerState(1);
    backup.view = v;
    backup.installedViewNum = 2;
    EndState end = new EndState().up("vs", vs).up("s1", primary).up("s2", backup);
    String found = PbEventually.all(PbSpec.VIEW_SERVER, List.of()).get(0).check(end);
    assertEquals(true, found != null && found.contains("holds"), found);
    backup.kv.apply("put", "k1", "x");
    assertNull(PbEventually.all(PbSpec.VIEW_SERVER, List.of()).get(0).check(end));
  }

  private static RunPlan planted(
      UnaryOperator<Protocol<PbServerState, PbMessage, PbTimer>> server, boolean withholdBackups) {
    return new PlantedSpec(
            new PbSpec(),
            "pb with a planted bug",
            (nodes, servers) -> {
              for (NodeId s : servers) {
                nodes.put(
                    s, server.apply(new PbServer(PbConfig.DEFAULT, null, PbSpec.VIEW_SERVER)));
              }
              if (withholdBackups) {
                nodes.put(
                    PbSpec.VIEW_SERVER, new ViewServer(PbConfig.DEFAULT, null, servers, false));
              }
            })
        .on(PbFuzz.plan(SEED, null));
  }

  /** Pings once at boot and never again: its ping timer fires and is dropped. */
  private static final class SilentAfterBoot extends ServerDelegate {
    SilentAfterBoot(Protocol<PbServerState, PbMessage, PbTimer> correct) {
      super(correct);
    }

    @Override
    public void onTimer(PbServerState s, PbTimer t, Effects<PbMessage, PbTimer> out) {
      if (!(t instanceof PbTimer.PingTick)) {
        correct.onTimer(s, t, out);
      }
    }
  }
}
