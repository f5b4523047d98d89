package dev.faultline.scenario.pb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.pb.PbBug;
import dev.faultline.protocols.pb.PbSpec;
import dev.faultline.scenario.testkit.InvariantDifferential;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Primary/backup's incremental view-server invariants (OnePrimaryPerView, PrimaryFromPreviousView,
 * NoUnackedViewSkip) against their full scans ({@link PbInvariantsReference}) on swarm fuzz runs of
 * the correct protocol and every variant: the same verdict and message after every event. Seeds per
 * variant: {@code -Dfl.pb.incremental.seeds}.
 */
class PbInvariantsIncrementalTest {
  static final int SEEDS = Integer.getInteger("fl.pb.incremental.seeds", 6);

  @Test
  void sameVerdictsAsTheFullScanOnFuzzedRunsOfEveryVariant() {
    NodeId vs = PbSpec.VIEW_SERVER;
    Map<String, IntFunction<Invariant>> references =
        Map.of(
            "OnePrimaryPerView",
            n -> new PbInvariantsReference.OnePrimaryPerView(vs, servers(n)),
            "PrimaryFromPreviousView",
            n -> new PbInvariantsReference.PrimaryFromPreviousView(vs),
            "NoUnackedViewSkip",
            n -> new PbInvariantsReference.NoUnackedViewSkip(vs));
    InvariantDifferential d =
        new InvariantDifferential(references).onEveryVariant("pb", PbBug.variants(), SEEDS);
    assertEquals(List.of(), d.mismatches);
    assertTrue(d.checks > 10_000, "checks: " + d.checks);
    // The comparison means something only where a property was violated: B5 breaks
    // NoUnackedViewSkip; no variant breaks the other two (PbInvariantsTest drives them by hand).
    assertTrue(
        d.violatedRuns.containsKey("NoUnackedViewSkip"), "properties violated: " + d.violatedRuns);
  }

  /** The servers as PbSpec names them. */
  static List<NodeId> servers(int n) {
    return new PbSpec().serverIds(n);
  }
}
