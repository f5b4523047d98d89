package dev.faultline.scenario.grove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.Protocols;
import dev.faultline.protocols.grove.GroveBug;
import dev.faultline.protocols.grove.GroveInvariants;
import dev.faultline.scenario.testkit.InvariantDifferential;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Grove's incremental LogsAgree against its full scan ({@link GroveInvariants#logsAgreeFullScan})
 * on swarm fuzz runs of the correct protocol and every variant G1-G16: the same verdict and message
 * after every event, before and after a violation (the paired check never stops a run). Seeds per
 * variant: {@code -Dfl.grove.incremental.seeds}.
 */
class GroveInvariantsIncrementalTest {
  // 3: G14, the variant that breaks LogsAgree, does so within its first three seeds.
  static final int SEEDS = Integer.getInteger("fl.grove.incremental.seeds", 3);

  @Test
  void sameVerdictsAsTheFullScanOnFuzzedRunsOfEveryVariant() {
    Map<String, IntFunction<Invariant>> references =
        Map.of("LogsAgree", n -> GroveInvariants.logsAgreeFullScan(servers(n)));
    InvariantDifferential d =
        new InvariantDifferential(references).onEveryVariant("grove", GroveBug.variants(), SEEDS);
    assertEquals(List.of(), d.mismatches);
    assertTrue(d.checks > 10_000, "checks: " + d.checks);
    // The comparison means something only if the property was violated somewhere.
    assertTrue(d.violatedRuns.containsKey("LogsAgree"), "properties violated: " + d.violatedRuns);
  }

  /** The servers as Grove's spec names them. */
  static List<NodeId> servers(int n) {
    return Protocols.byName("grove").serverIds(n);
  }
}
