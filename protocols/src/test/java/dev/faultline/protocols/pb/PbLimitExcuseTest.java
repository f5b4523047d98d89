package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * PB's liveness excuse holds only while the limit's cause is real. Planted here: a view server that
 * never adds a backup. Its primary's first failure leaves the service stuck "with no live backup",
 * which the view server declares as a limit; the excuse must not hold, because a live idle server
 * was there to become the backup all along.
 */
class PbLimitExcuseTest {
  static final int SEEDS = 40;

  @Test
  void aViewServerThatNeverAddsABackupIsCaught() {
    List<Long> excused = new ArrayList<>();
    List<Long> caught = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      ClusterRun.Result r = ClusterRun.run(withoutBackups(PbFuzz.plan(seed, null)));
      if (r.progressLimit() != null) {
        excused.add(seed);
      } else if (ClusterRun.LIVENESS.equals(r.property())) {
        caught.add(seed);
      }
    }
    assertTrue(caught.size() >= 3, "stalls caught as Liveness failures: " + caught);
    assertEquals(List.of(), excused, "seeds excused by a limit the view server caused itself");
  }

  private static RunPlan withoutBackups(RunPlan p) {
    return new RunPlan(
        new NoBackups(new PbSpec()),
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

  /** Correct pb except for its view server; same invariants, EVENTUALLY and limit causes. */
  private record NoBackups(PbSpec pb) implements ClusterSpec {
    @Override
    public String name() {
      return pb.name();
    }

    @Override
    public String description() {
      return "pb whose view server never adds a backup";
    }

    @Override
    public List<BugVariant> variants() {
      return List.of();
    }

    @Override
    public Cluster build(ClusterParams params) {
      Cluster c = pb.build(params);
      TreeMap<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>(c.nodes());
      nodes.put(PbSpec.VIEW_SERVER, new ViewServer(PbConfig.DEFAULT, null, c.servers(), false));
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
}
