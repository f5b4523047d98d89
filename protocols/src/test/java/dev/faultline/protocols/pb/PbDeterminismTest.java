package dev.faultline.protocols.pb;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.sim.testing.Determinism;
import org.junit.jupiter.api.Test;

/** Same seed, same byte-identical trace, for the correct protocol and a bug variant. */
class PbDeterminismTest {
  @Test
  void sameSeedSameTraceUnderRandomFaults() {
    Determinism.assertDeterministic(
        (seed, sink) -> ClusterRun.run(PbFuzz.plan(seed, null), sink), 1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void sameSeedSameTraceForABugVariant() {
    Determinism.assertDeterministic(
        (seed, sink) -> ClusterRun.run(PbFuzz.plan(seed, "B6"), sink), 11, 12, 13);
  }
}
