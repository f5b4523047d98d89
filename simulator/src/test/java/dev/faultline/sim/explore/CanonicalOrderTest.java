package dev.faultline.sim.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faultline.sim.api.Cluster;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What replaced sorting and listing on the explorer's per-successor path gives exactly what they
 * gave: the new in-flight array is the stable sort of the survivors followed by the new envelopes
 * (element for element, equal fingerprints included), and {@link ExploreModel#hasChoices} agrees
 * with listing the choices, fault-bound bits included.
 */
class CanonicalOrderTest {
  @Test
  void insertingIsTheStableSortOfTheRestFollowedByTheNewEnvelopes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 5_000; round++) {
      // Few fingerprints and ids, so equal envelopes (the stable order's hard case) are common.
      Envelope[] flight = envelopes(random, random.nextInt(8));
      Arrays.sort(flight, Envelope::compare);
      Envelope consumed =
          flight.length > 0 && random.nextBoolean() ? flight[random.nextInt(flight.length)] : null;
      Envelope[] added = envelopes(random, random.nextInt(4));
      List<Envelope> expected = new ArrayList<>();
      boolean removed = false;
      for (Envelope e : flight) {
        if (!removed && e == consumed) {
          removed = true;
        } else {
          expected.add(e);
        }
      }
      expected.addAll(List.of(added));
      Envelope[] sorted = expected.toArray(new Envelope[0]);
      Arrays.sort(sorted, Envelope::compare); // TimSort: stable, what the explorer used to do
      // As the explorer builds a step's in-flight array: the survivors, the new ones after them.
      Envelope[] merged = CanonicalOrder.without(flight, consumed, added.length);
      int survivors = merged.length - added.length;
      System.arraycopy(added, 0, merged, survivors, added.length);
      CanonicalOrder.sortStable(merged, survivors, merged.length, Envelope::compare);
      assertEquals(sorted.length, merged.length);
      for (int i = 0; i < sorted.length; i++) {
        assertEquals(sorted[i], merged[i], "round " + round + " position " + i);
        assertEquals(true, sorted[i] == merged[i], "the same envelope, not an equal one");
      }
    }
  }

  @Test
  void aConsumedEnvelopeThatIsNotInFlightIsAnError() {
    Envelope[] flight = {new Envelope(0, 1, null, 5, 0)};
    assertThrows(
        IllegalStateException.class,
        () -> CanonicalOrder.without(flight, new Envelope(0, 1, null, 5, 0), 2));
  }

  @Test
  void insertionSortIsStable() {
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 1_000; round++) {
      Integer[] keys = new Integer[random.nextInt(10)];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = random.nextInt(4) * 1000 + i; // sort by thousands; the rest records the order
      }
      Integer[] expected = keys.clone();
      Arrays.sort(expected, (a, b) -> Integer.compare(a / 1000, b / 1000));
      CanonicalOrder.sortStable(
          keys, 0, keys.length, (a, b) -> Integer.compare(a / 1000, b / 1000));
      assertArrayEquals(expected, keys);
    }
  }

  @Test
  void hasChoicesAgreesWithListingThemOnEveryReachableStateOfTheToyModel() {
    int boundBits = 0;
    for (ExploreOptions options : ExploreBoundsTest.FAULTS) {
      Cluster cluster = new ToyCommit().build(ToyCommit.params(3, "correct"));
      ExploreModel listing = new ExploreModel(cluster, options);
      ExploreModel counting = new ExploreModel(cluster, options);
      Set<String> seen = new HashSet<>();
      ArrayDeque<SearchState> queue = new ArrayDeque<>(List.of(listing.initial()));
      int states = 0;
      while (!queue.isEmpty() && states < 3_000) {
        SearchState s = queue.poll();
        if (!seen.add(s.fingerprintHex())) {
          continue;
        }
        states++;
        List<Choice> choices = listing.choices(s);
        assertEquals(!choices.isEmpty(), counting.hasChoices(s));
        int bits = listing.takeBoundsHit();
        assertEquals(bits, counting.takeBoundsHit());
        boundBits |= bits;
        for (Choice c : choices) {
          SearchState next = listing.apply(s, c);
          if (next != null) {
            queue.add(next);
          }
        }
        listing.takeBoundsHit();
      }
      assertEquals(true, states > 50, "the toy model has states to walk: " + states);
    }
    assertEquals(true, boundBits != 0, "some fault bound disabled an action somewhere");
  }

  private static Envelope[] envelopes(SplittableRandom random, int n) {
    Envelope[] out = new Envelope[n];
    for (int i = 0; i < n; i++) {
      out[i] = new Envelope(0, 1, null, random.nextInt(4), random.nextInt(2));
    }
    return out;
  }
}
