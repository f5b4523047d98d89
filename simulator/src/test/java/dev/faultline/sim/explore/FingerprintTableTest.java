package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The visited set's claims, on which parallel BFS's determinism rests: within a round the smallest
 * parent id holds a fingerprint whatever order the claims arrive in, a claim from before the round
 * reads as visited, and the table grows between rounds to the capacity single-threaded puts give.
 */
class FingerprintTableTest {
  @Test
  void theSmallestParentOfTheRoundHoldsAClaimInAnyArrivalOrder() {
    FingerprintTable t = new FingerprintTable(16);
    assertEquals(FingerprintTable.CLAIMED, t.claim(7, 9, 2, 0)); // round 1: parents 0..
    t.addClaimed(1);
    // round 2: parents 10.. ; the fingerprint from round 1 is visited
    assertEquals(FingerprintTable.VISITED_BEFORE, t.claim(7, 9, 12, 10));
    assertEquals(FingerprintTable.CLAIMED, t.claim(1, 2, 15, 10));
    assertEquals(15, t.claim(1, 2, 13, 10)); // replaces parent 15's claim
    assertEquals(FingerprintTable.CLAIMED_EARLIER, t.claim(1, 2, 14, 10));
    assertEquals(FingerprintTable.CLAIMED_EARLIER, t.claim(1, 2, 13, 10)); // a later choice
    assertEquals(13, t.claim(1, 2, 10, 10));
    // A zero low word is a key like any other (stored as 1, the empty-slot marker being 0).
    assertEquals(FingerprintTable.CLAIMED, t.claim(3, 0, 11, 10));
    assertEquals(FingerprintTable.CLAIMED_EARLIER, t.claim(3, 0, 12, 10));
    t.addClaimed(2);
    assertEquals(3, t.size()); // (7, 9), (1, 2) and (3, 0)
    assertEquals(FingerprintTable.VISITED_BEFORE, t.claim(1, 2, 20, 20));
  }

  @Test
  void addInsertsOnceAndLeavesTheFirstValue() {
    FingerprintTable t = new FingerprintTable(16);
    SplittableRandom random = new SplittableRandom(11);
    long[] lows = new long[5_000];
    for (int i = 0; i < lows.length; i++) {
      lows[i] = i % 7 == 0 ? 0 : random.nextLong(); // zero low words too
      assertEquals(true, t.add(i, lows[i], i)); // grows past its first capacity on the way
    }
    for (int i = 0; i < lows.length; i++) {
      assertEquals(false, t.add(i, lows[i], -5));
      assertEquals(i, t.get(i, lows[i])); // the first value stays
    }
    assertEquals(lows.length, t.size());
    assertEquals(FingerprintTable.ABSENT, t.get(-1, 1));
    assertEquals(FingerprintTable.ABSENT, t.put(-1, 1, 3));
    assertEquals(3, t.put(-1, 1, 4)); // put still overwrites and returns the old value
  }

  @Test
  void concurrentClaimsLeaveEveryKeyWithItsSmallestParent() throws Exception {
    int keys = 20_000;
    int claimsPerThread = 60_000;
    FingerprintTable t = new FingerprintTable(keys);
    int[] smallest = new int[keys];
    Arrays.fill(smallest, Integer.MAX_VALUE);
    int threads = 4;
    int[][] parents = new int[threads][claimsPerThread];
    int[][] which = new int[threads][claimsPerThread];
    SplittableRandom random = new SplittableRandom(42);
    for (int w = 0; w < threads; w++) {
      for (int i = 0; i < claimsPerThread; i++) {
        which[w][i] = random.nextInt(keys);
        parents[w][i] = 1000 + random.nextInt(1_000_000);
        smallest[which[w][i]] = Math.min(smallest[which[w][i]], parents[w][i]);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> added = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int[] p = parents[w];
        int[] k = which[w];
        added.add(
            pool.submit(
                () -> {
                  int fresh = 0;
                  for (int i = 0; i < p.length; i++) {
                    if (t.claim(k[i] * 31L + 5, k[i] + 1L, p[i], 1000)
                        == FingerprintTable.CLAIMED) {
                      fresh++;
                    }
                  }
                  return fresh;
                }));
      }
      int fresh = 0;
      for (Future<Integer> f : added) {
        fresh += f.get();
      }
      int claimedKeys = 0;
      for (int k = 0; k < keys; k++) {
        if (smallest[k] != Integer.MAX_VALUE) {
          claimedKeys++;
          // Every other parent of this key is now a revisit; the smallest one again too.
          assertEquals(
              FingerprintTable.CLAIMED_EARLIER,
              t.claim(k * 31L + 5, k + 1L, smallest[k], 1000),
              "key " + k);
          if (smallest[k] > 1000) {
            assertEquals(smallest[k], t.claim(k * 31L + 5, k + 1L, smallest[k] - 1, 1000));
          }
        }
      }
      assertEquals(claimedKeys, fresh);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void claimedTablesGrowToTheCapacityOfSingleThreadedPuts() {
    FingerprintTable puts = new FingerprintTable(1 << 10);
    FingerprintTable claims = new FingerprintTable(1 << 10);
    // Each round doubles the table; keys of different rounds never meet (a revisit is not a claim).
    for (int round = 0; round < 10; round++) {
      int n = claims.claimsBeforeGrowth() + 3; // overshoot the threshold a little, as a round does
      for (int i = 0; i < n; i++) {
        long key = round * 10_000_000L + i + 1;
        puts.put(key, key * 7, i);
        claims.claim(key, key * 7, round * 10_000_000 + i, round * 10_000_000);
      }
      claims.addClaimed(n);
      assertEquals(puts.size(), claims.size());
      assertEquals(puts.bytes(), claims.bytes(), "round " + round);
    }
    FingerprintTable reserved = new FingerprintTable(1 << 10);
    reserved.reserveFor(puts.size());
    assertEquals(puts.bytes(), reserved.bytes());
  }
}
