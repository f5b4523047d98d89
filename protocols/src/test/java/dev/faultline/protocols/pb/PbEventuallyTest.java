package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.TreeMap;
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
    ClusterRun.Result r = ClusterRun.run(planted(new PbSpec(), SilentAfterBoot::new, false));
    assertEquals(PbEventually.VIEW_COMPLETE, r.property(), r.message());
  }

  @Test
  void aViewServerThatNeverAddsABackupIsCaught() {
    ClusterRun.Result r = ClusterRun.run(planted(new PbSpec(), p -> p, true));
    assertEquals(PbEventually.VIEW_COMPLETE, r.property(), r.message());
  }

  private static RunPlan planted(
      PbSpec pb,
      UnaryOperator<Protocol<PbServerState, PbMessage, PbTimer>> server,
      boolean withholdBackups) {
    return plantedOn(PbFuzz.plan(SEED, null), pb, server, withholdBackups);
  }

  private static RunPlan plantedOn(
      RunPlan p,
      PbSpec pb,
      UnaryOperator<Protocol<PbServerState, PbMessage, PbTimer>> server,
      boolean withholdBackups) {
    return new RunPlan(
        new Planted(pb, server, withholdBackups),
        p.params(),
        p.name(),
        p.seed(),
        p.network(),
        p.clock(),
        p.faults(),
        p.durationTicks(),
        p.stabilizeTicks(),
        p.maxEvents());
  }

  /** Correct pb with wrapped servers or a view server that withholds backups. */
  private record Planted(
      PbSpec pb,
      UnaryOperator<Protocol<PbServerState, PbMessage, PbTimer>> server,
      boolean withholdBackups)
      implements ClusterSpec {
    @Override
    public String name() {
      return pb.name();
    }

    @Override
    public String description() {
      return "pb with a planted bug";
    }

    @Override
    public List<BugVariant> variants() {
      return List.of();
    }

    @Override
    public Cluster build(ClusterParams params) {
      Cluster c = pb.build(params);
      TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>(c.nodes());
      for (NodeId s : c.servers()) {
        nodes.put(s, server.apply(new PbServer(PbConfig.DEFAULT, null, PbSpec.VIEW_SERVER)));
      }
      if (withholdBackups) {
        nodes.put(PbSpec.VIEW_SERVER, new ViewServer(PbConfig.DEFAULT, null, c.servers(), false));
      }
      return new Cluster(nodes, c.servers(), c.clients(), c.invariants());
    }

    @Override
    public List<Invariant> eventually(ClusterParams params) {
      return pb.eventually(params);
    }

    @Override
    public String limitAtEnd(SystemView view, NodeId node, String declared) {
      return pb.limitAtEnd(view, node, declared);
    }
  }

  /** Pings once at boot and never again: its ping timer fires and is dropped. */
  private record SilentAfterBoot(Protocol<PbServerState, PbMessage, PbTimer> correct)
      implements Protocol<PbServerState, PbMessage, PbTimer> {
    @Override
    public PbServerState init(NodeId self, Durable durable, Effects<PbMessage, PbTimer> out) {
      return correct.init(self, durable, out);
    }

    @Override
    public void onMessage(
        PbServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
      correct.onMessage(s, from, m, out);
    }

    @Override
    public void onTimer(PbServerState s, PbTimer t, Effects<PbMessage, PbTimer> out) {
      if (!(t instanceof PbTimer.PingTick)) {
        correct.onTimer(s, t, out);
      }
    }
  }
}
