package dev.faultline.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Invariant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The explorer's shortcut to fresh invariants (no cluster built) must give what a built cluster
 * carries: the same invariants in the same order, as new instances every call (they remember
 * earlier states, and nothing may leak between the explorer's paths).
 */
class FreshInvariantsTest {
  @ParameterizedTest
  @ValueSource(strings = {"raft", "pb"})
  void sameInvariantsAsABuiltClusterAndNeverShared(String protocol) {
    ClusterSpec spec = Protocols.byName(protocol);
    ClusterParams params =
        new ClusterParams(
            3,
            null,
            List.of(List.of(new ClientOp("put", "x", "c1-1")), List.of()),
            new TreeMap<>());
    List<Invariant> built = spec.build(params).invariants();
    List<Invariant> fresh = spec.freshInvariants(params);
    assertEquals(names(built), names(fresh));
    List<Invariant> again = spec.freshInvariants(params);
    for (int i = 0; i < fresh.size(); i++) {
      assertNotSame(fresh.get(i), again.get(i), fresh.get(i).name());
      assertNotSame(fresh.get(i), built.get(i), fresh.get(i).name());
    }
  }

  private static List<String> names(List<Invariant> invariants) {
    return invariants.stream().map(i -> i.getClass().getName() + ":" + i.name()).toList();
  }
}
