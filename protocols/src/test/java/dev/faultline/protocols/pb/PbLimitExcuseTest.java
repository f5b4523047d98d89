package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.PlantedSpec;
import java.util.ArrayList;
import java.util.List;
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
    return new PlantedSpec(
            new PbSpec(),
            "pb whose view server never adds a backup",
            (nodes, servers) ->
                nodes.put(
                    PbSpec.VIEW_SERVER, new ViewServer(PbConfig.DEFAULT, null, servers, false)))
        .on(p);
  }
}
