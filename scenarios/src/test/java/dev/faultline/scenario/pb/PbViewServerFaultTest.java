package dev.faultline.scenario.pb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.protocols.pb.PbConfig;
import dev.faultline.protocols.pb.PbMessage;
import dev.faultline.protocols.pb.PbSpec;
import dev.faultline.protocols.pb.PbTimer;
import dev.faultline.protocols.pb.ViewServer;
import dev.faultline.protocols.pb.ViewServerState;
import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
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
import dev.faultline.sim.fault.Fault;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The view server is a swarm fault target: some pb seeds crash and restart it, so its restart path
 * runs; correct pb stays safe there (the restarted view server halts, a declared progress limit).
 */
class PbViewServerFaultTest {
  private static final NodeId VS = NodeId.of("vs");

  @Test
  void someSeedsRestartTheViewServerAndCorrectPbStaysSafe() {
    FuzzConfig config = new FuzzConfig("pb", null, 3, 3, 30, 10, 0, 0);
    List<Long> seeds = viewServerRestarts(config, 200, 3);
    assertFalse(seeds.isEmpty(), "no pb seed of 200 restarts the view server");
    FuzzCampaign campaign = new FuzzCampaign(config, RunOptions.DEFAULT, false);
    for (long seed : seeds) {
      SeedOutcome o = campaign.runSeed(seed);
      assertFalse(o.failed(), "seed " + seed + ": " + o.property() + " " + o.message());
      assertTrue(
          o.property() == null || o.livenessLimit().contains("restarted without its view"),
          "seed " + seed + ": " + o.livenessLimit());
    }
  }

  /**
   * The bug the restart path guards against: a view server that forgets its view on restart and
   * starts over at view 1. On the first seeds that restart it, the checks catch it (the restarted
   * service never settles a view with a backup, or clients stall outside any declared limit).
   */
  @Test
  void aViewServerThatForgetsItsViewOnRestartIsCaught() {
    FuzzConfig config = new FuzzConfig("pb", null, 3, 3, 60, 10, 0, 0);
    List<Long> seeds = viewServerRestarts(config, 200, 3);
    long caught =
        seeds.stream()
            .filter(
                seed ->
                    ClusterRun.run(
                                ScenarioRunner.plan(
                                    SwarmPlan.scenario(config, seed), new Amnesiac(new PbSpec())))
                            .property()
                        != null)
            .count();
    assertTrue(caught >= 2, "an amnesiac view server caught on " + caught + " of seeds " + seeds);
  }

  private static List<Long> viewServerRestarts(FuzzConfig config, long seedsMax, int count) {
    return LongStream.rangeClosed(1, seedsMax)
        .filter(
            seed ->
                SwarmPlan.scenario(config, seed).faults().stream()
                    .anyMatch(f -> f.fault() instanceof Fault.Restart r && r.node().equals(VS)))
        .limit(count)
        .boxed()
        .toList();
  }

  /** Correct pb, except that its view server boots as if new after every restart. */
  private record Amnesiac(PbSpec pb) implements ClusterSpec {
    @Override
    public String name() {
      return pb.name();
    }

    @Override
    public String description() {
      return "pb whose view server forgets its view on restart";
    }

    @Override
    public List<BugVariant> variants() {
      return List.of();
    }

    @Override
    public Cluster build(ClusterParams params) {
      Cluster c = pb.build(params);
      TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>(c.nodes());
      nodes.put(VS, new Forgetful(new ViewServer(PbConfig.DEFAULT, null, c.servers())));
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

  /** Boots without its boot marker, so it never knows it restarted. */
  private record Forgetful(ViewServer vs) implements Protocol<ViewServerState, PbMessage, PbTimer> {
    @Override
    public ViewServerState init(NodeId self, Durable durable, Effects<PbMessage, PbTimer> out) {
      return vs.init(self, null, out);
    }

    @Override
    public void onMessage(
        ViewServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
      vs.onMessage(s, from, m, out);
    }

    @Override
    public void onTimer(ViewServerState s, PbTimer t, Effects<PbMessage, PbTimer> out) {
      vs.onTimer(s, t, out);
    }
  }
}
