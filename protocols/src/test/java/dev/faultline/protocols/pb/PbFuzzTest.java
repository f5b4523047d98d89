package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.sim.trace.InMemoryTrace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The correct protocol survives many random fault plans; every bug variant is found from random
 * seeds. Bigger campaigns: {@code -Dfl.pb.seeds=5000}.
 */
class PbFuzzTest {
  static final int SEEDS = Integer.getInteger("fl.pb.seeds", 300);

  @Test
  void correctProtocolPassesRandomFaultPlans() {
    List<String> failures = new ArrayList<>();
    int limits = 0;
    int failovers = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      ClusterRun.Result r = ClusterRun.run(PbFuzz.plan(seed, null));
      if (PbFuzz.viewChanges(r) >= 3) {
        failovers++; // views 1 and 2 are the start-up; a third change means a failure was handled
      }
      if (r.progressLimit() != null) {
        limits++;
      }
      if (!r.safe()) {
        failures.add("seed " + seed + ": " + r.property() + ": " + r.message());
        if (failures.size() == 1 && Boolean.getBoolean("fl.pb.dump")) {
          InMemoryTrace t = new InMemoryTrace();
          ClusterRun.run(PbFuzz.plan(seed, null), t);
          t.lines().forEach(System.out::println);
        }
      }
    }
    System.out.println(
        "pb fuzz: "
            + SEEDS
            + " seeds, "
            + failovers
            + " with a view change after start-up, "
            + limits
            + " ended in a known progress limit (Liveness)");
    assertTrue(failovers * 2 > SEEDS, "the fault plans rarely force a view change: " + failovers);
    assertTrue(
        failures.isEmpty(),
        failures.size() + " failing seeds, e.g. " + failures.stream().limit(10).toList());
  }
}
