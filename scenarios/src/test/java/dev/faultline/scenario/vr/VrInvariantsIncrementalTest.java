package dev.faultline.scenario.vr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.Protocols;
import dev.faultline.protocols.vr.VrBug;
import dev.faultline.scenario.testkit.InvariantDifferential;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * VR's incremental CommittedPrefix, ExactlyOnce and AckedOpsKept against their full scans ({@link
 * VrInvariantsReference}) on swarm fuzz runs of the correct protocol and every variant V1-V12: the
 * same verdict and message after every event. Seeds per variant: {@code -Dfl.vr.incremental.seeds}.
 */
class VrInvariantsIncrementalTest {
  // 8: V5, the one variant that breaks ExactlyOnce here, first does so at seed 8 (since a deposed
  // primary catches up by state transfer; before, at seed 1).
  static final int SEEDS = Integer.getInteger("fl.vr.incremental.seeds", 8);

  @Test
  void sameVerdictsAsTheFullScanOnFuzzedRunsOfEveryVariant() {
    Map<String, IntFunction<Invariant>> references =
        Map.of(
            "CommittedPrefix", n -> new VrInvariantsReference.CommittedPrefix(servers(n)),
            "ExactlyOnce", n -> new VrInvariantsReference.ExactlyOnce(servers(n)),
            "AckedOpsKept", n -> new VrInvariantsReference.AckedOpsKept(servers(n), clients(n)));
    InvariantDifferential d =
        new InvariantDifferential(references).onEveryVariant("vr", VrBug.variants(), SEEDS);
    assertEquals(List.of(), d.mismatches);
    assertTrue(d.checks > 10_000, "checks: " + d.checks);
    // The comparison means something only if every property was violated somewhere.
    assertEquals(3, d.violatedRuns.size(), "properties violated: " + d.violatedRuns);
  }

  /** The clients of a swarm run (the default fuzz shape's three), as VR's spec names them. */
  static List<NodeId> clients(int n) {
    return Protocols.byName("vr").clientIds(3);
  }

  /** The servers as VR's spec names them. */
  static List<NodeId> servers(int n) {
    return Protocols.byName("vr").serverIds(n);
  }
}
