package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.rand.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The swarm option {@code swarmRarePaths}: a stale state-transfer acknowledgement ({@link
 * PbSwarm#staleAckEpisode}) drawn on some seeds, and nothing else changed for the rest.
 */
class PbStaleAckEpisodeTest {

  static final TreeMap<String, String> RARE =
      new TreeMap<>(java.util.Map.of("swarmRarePaths", "true"));

  /**
   * Without the option (or with it off) a seed draws exactly what it drew before; with it, the same
   * faults and, on some seeds, an episode after them.
   */
  @Test
  void withoutTheOptionEverySeedDrawsAsBefore() {
    int withEpisode = 0;
    for (long seed = 1; seed <= 400; seed++) {
      List<ScheduledFault> plain = PbSwarm.faults(rng(seed), new TreeMap<>(), 3, 1_000);
      TreeMap<String, String> off = new TreeMap<>(java.util.Map.of("swarmRarePaths", "false"));
      assertEquals(plain, PbSwarm.faults(rng(seed), off, 3, 1_000), "seed " + seed);
      List<ScheduledFault> rare = PbSwarm.faults(rng(seed), RARE, 3, 1_000);
      assertEquals(plain, rare.subList(0, plain.size()), "seed " + seed);
      withEpisode += rare.size() > plain.size() ? 1 : 0;
    }
    assertTrue(withEpisode > 120 && withEpisode < 200, withEpisode + " of 400 seeds");
  }

  /**
   * The episode reaches the window: a primary that takes any life's acknowledgement fails {@code
   * TransferReachedBackup} on some of 60 seeds; the correct one passes every seed.
   */
  @Test
  void theEpisodeCatchesAPrimaryThatTakesAnyLifesAck() {
    int caught = 0;
    for (long seed = 1; seed <= 60; seed++) {
      List<ScheduledFault> faults = PbSwarm.staleAckEpisode(rng(seed), 3);
      RunPlan plan =
          PbFuzz.plan(3, null, workload(), NetworkConfig.RELIABLE, faults, seed, 1_000, 1_500);
      ClusterRun.Result correct = ClusterRun.run(plan);
      assertNull(correct.property(), "seed " + seed + ": " + correct.message());
      ClusterRun.Result planted = ClusterRun.run(anyLifesAck().on(plan));
      if (planted.property() != null) {
        assertEquals("TransferReachedBackup", planted.property(), planted.message());
        caught++;
      }
    }
    assertTrue(caught >= 3, caught + " of 60 seeds");
  }

  private static Rng rng(long seed) {
    return Rng.derived(seed, "swarm-protocol");
  }

  private static PlantedSpec anyLifesAck() {
    return new PlantedSpec(
        new PbSpec(),
        "pb whose primaries take an acknowledgement from any life of the backup",
        (nodes, servers) -> {
          for (NodeId s : servers) {
            nodes.put(
                s,
                new PbServerRestartTest.AcceptsAnyLifesAck(
                    new PbServer(PbConfig.DEFAULT, null, PbSpec.VIEW_SERVER)));
          }
        });
  }

  /** 3 clients, 10 appends each, 100 ticks apart. */
  private static List<List<ClientOp>> workload() {
    List<List<ClientOp>> workload = new ArrayList<>();
    for (int c = 1; c <= 3; c++) {
      List<ClientOp> ops = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ops.add(new ClientOp("append", "k1", "c" + c + "-" + i, 100 + 100L * i));
      }
      workload.add(ops);
    }
    return workload;
  }
}
