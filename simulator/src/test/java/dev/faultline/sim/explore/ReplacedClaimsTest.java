package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of claims that a claim by an earlier parent replaced ({@link
 * BfsWorkers#markReplaced}), set up by hand: which claim happens to be replaced depends on the
 * threads' timing, so the parallel searches' tests reach these paths only now and then. Chunks of a
 * round differ in size, so a replaced claim's owner is found by its parent id; the replacing worker
 * has already judged the replaced parent's step into the state with the transition properties, and
 * a broken one must turn the dead claim into an edge entry that the numbering pass reports.
 */
class ReplacedClaimsTest {
  private static SearchState state(long key) {
    NodeId id = NodeId.of("s1");
    Map<NodeId, Protocol<?, ?, ?>> nodes = new TreeMap<>();
    nodes.put(id, new StepIntoSeenStateTest.Flipper());
    Cluster cluster = new Cluster(new TreeMap<>(nodes), List.of(id), List.of(), List.of());
    SearchState s = new ExploreModel(cluster, ExploreOptions.defaults()).initial();
    s.keyHigh = key;
    s.keyLow = key * 31 + 7;
    return s;
  }

  @Test
  void theOwnerIsFoundAmongChunksOfDifferentSizesAndOnlyTheReplacedClaimDies() {
    SearchState a = state(1);
    SearchState b = state(2);
    SearchState c = state(3);
    ChunkExpansion first = new ChunkExpansion(100, 40); // parents 100..139
    first.add(a, 100, 0);
    first.add(b, 139, 0);
    first.add(c, 139, 1);
    ChunkExpansion second = new ChunkExpansion(140, 3); // parents 140..142
    second.add(a, 141, 0);
    ChunkExpansion third = new ChunkExpansion(143, 1);
    third.replaced(139, c, null); // 139's claim of c, replaced by this chunk's parent
    third.replaced(141, a, null);
    BfsWorkers.markReplaced(new ChunkExpansion[] {first, second, third});
    assertArrayEquals(new byte[] {0, 0, ChunkExpansion.DEAD}, Arrays.copyOf(first.flags, 3));
    assertEquals(ChunkExpansion.DEAD, second.flags[0]);
  }

  @Test
  void aReplacedClaimWhoseStepBreaksATransitionPropertyBecomesAnEdgeEntry() {
    SearchState a = state(1);
    ChunkExpansion owner = new ChunkExpansion(10, 16);
    int k = owner.add(a, 20, 2);
    owner.verdict(k, new String[] {"Invariant", "as a new state"}); // judged as a claim: void now
    ChunkExpansion replacer = new ChunkExpansion(26, 16);
    String[] broken = {"NeverCleared", "s1 cleared its bit"};
    replacer.replaced(20, a, broken);
    BfsWorkers.markReplaced(new ChunkExpansion[] {owner, replacer});
    assertEquals(ChunkExpansion.DEAD | ChunkExpansion.EDGE, owner.flags[k]);
    assertSame(broken, owner.verdict(k));
  }

  @Test
  void aReplacedClaimThatIsNotFoundIsAnError() {
    ChunkExpansion owner = new ChunkExpansion(10, 16);
    owner.add(state(1), 20, 0);
    ChunkExpansion replacer = new ChunkExpansion(26, 16);
    replacer.replaced(20, state(2), null);
    ChunkExpansion[] chunks = {owner, replacer};
    assertThrows(IllegalStateException.class, () -> BfsWorkers.markReplaced(chunks));
  }

  @Test
  void killFindsTheParentsClaimAmongManyAndSkipsDeadOnes() {
    ChunkExpansion x = new ChunkExpansion(0, 8);
    SearchState same = state(5);
    for (int parent = 0; parent < 8; parent++) {
      x.add(state(100 + parent), parent, 0);
      x.add(same, parent, 1);
    }
    assertEquals(7, x.kill(3, same));
    assertEquals(-1, x.kill(3, same), "already dead");
    assertEquals(-1, x.kill(8, same), "no such parent");
    assertEquals(15, x.kill(7, same));
    assertNull(x.verdict(7));
  }
}
