package dev.faultline.protocols.raft;

import dev.faultline.sim.testing.Determinism;
import org.junit.jupiter.api.Test;

/** Same seed, same trace (byte for byte), for fuzzed runs of correct and buggy Raft. */
class RaftDeterminismTest {

  private static Determinism.SeededRun fuzzed(String variant, boolean membership) {
    return (seed, sink) -> {
      RaftFuzzPlan p = RaftFuzzPlan.draw(seed, membership);
      p.run(seed, variant, sink);
    };
  }

  @Test
  void correctRaftIsDeterministic() {
    Determinism.assertDeterministic(fuzzed(null, false), 1, 2, 3, 4);
  }

  @Test
  void membershipRunsAreDeterministic() {
    Determinism.assertDeterministic(fuzzed(null, true), 7, 8);
  }

  @Test
  void buggyRaftIsDeterministicToo() {
    Determinism.assertDeterministic(fuzzed("R2", false), 5, 6);
  }
}
