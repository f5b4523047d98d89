package dev.faultline.sim.explore;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeRenaming;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Symmetry reduction (TLC's SYMMETRY sets, Stateright's representatives): the visited-set key of a
 * state is the smallest fingerprint of all its renamings by a permutation of the interchangeable
 * servers, so states that differ only by such a renaming are visited once. Every renaming is
 * applied to the whole state: node slots move to their new positions and each node's state, durable
 * record and timers are renamed inside; messages in flight get new endpoints and renamed contents;
 * cut links and clock offsets move with their nodes. Only the key changes: the search stores and
 * expands the real state it found first, so paths and counterexamples are real and replay without
 * symmetry.
 *
 * <p>The key is the exact orbit minimum (all k! permutations), not a heuristic sort, so the number
 * of states visited is the number of orbits reached and does not depend on which member of an orbit
 * was found first. It is sound only when renaming is a symmetry of the protocol (see {@code
 * dev.faultline.sim.api.Symmetry}): the protocol declares that, the explorer cannot check it.
 *
 * <p>Cost: per successor, k! - 1 renamings. A node slot keeps its fingerprints under every
 * permutation once computed ({@link NodeSlot#renamed}), and a message's are memoised by identity
 * (successors share all but one slot and most messages with their parent), so a renaming is array
 * reads, a small sort and a hash; each new slot costs k! - 1 {@code renamed()} calls. Not
 * thread-safe: one per {@link ExploreModel}.
 */
final class SymmetryReduction {
  /** At most 6 interchangeable servers (720 permutations per state). */
  static final int MAX_NODES = 6;

  private static final int MEMO_MAX = 1 << 16;

  private final int n;
  private final int[][] perms; // perms[p][i]: where node i goes; perms[0] is the identity
  private final NodeRenaming[] renamings;
  // A message's fingerprint renamed by every permutation: by identity (envelopes share their
  // message with every later state), then by equality (handlers rebuild equal messages).
  private final Map<Object, long[]> messageByIdentity = new IdentityHashMap<>();
  private final Map<Object, long[]> messageByEquality = new HashMap<>();
  private final List<Map<Durable, Long>> durableMemo = new ArrayList<>();
  private long[] slotScratch = new long[0];
  private long[] flightScratch = new long[0];

  SymmetryReduction(NodeId[] ids, boolean[] server, List<NodeId> interchangeable) {
    this.n = ids.length;
    int[] positions = new int[interchangeable.size()];
    for (int k = 0; k < positions.length; k++) {
      positions[k] = indexOf(ids, interchangeable.get(k));
      if (positions[k] < 0 || !server[positions[k]]) {
        throw new IllegalArgumentException(
            "symmetry: " + interchangeable.get(k) + " is not a server of this cluster");
      }
    }
    Arrays.sort(positions);
    List<int[]> all = new ArrayList<>();
    permute(positions, 0, all);
    this.perms = all.toArray(new int[0][]);
    this.renamings = new NodeRenaming[perms.length];
    for (int p = 0; p < perms.length; p++) {
      List<NodeId> from = new ArrayList<>();
      List<NodeId> to = new ArrayList<>();
      for (int position : positions) {
        from.add(ids[position]);
        to.add(ids[perms[p][position]]);
      }
      renamings[p] = new NodeRenaming(from, to);
      durableMemo.add(new IdentityHashMap<>());
    }
  }

  private static int indexOf(NodeId[] ids, NodeId id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /** Every permutation of the (sorted) {@code positions} among themselves, the identity first. */
  private void permute(int[] positions, int k, List<int[]> out) {
    if (k == positions.length) {
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      // positions[] now holds the images of the original (sorted) positions, in order.
      int[] sorted = positions.clone();
      Arrays.sort(sorted);
      for (int j = 0; j < sorted.length; j++) {
        perm[sorted[j]] = positions[j];
      }
      out.add(perm);
      return;
    }
    for (int j = k; j < positions.length; j++) {
      swap(positions, k, j);
      permute(positions, k + 1, out);
      swap(positions, k, j);
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  /** How many permutations the key minimises over (k!). */
  int permutations() {
    return perms.length;
  }

  /** Sets {@code s}'s visited-set key to the smallest fingerprint among its renamings. */
  void canonicalize(SearchState s) {
    long[][] slots = new long[n][];
    for (int i = 0; i < n; i++) {
      slots[i] = slotFingerprints(s.nodes[i]);
    }
    long[][] messages = new long[s.inFlight.length][];
    for (int k = 0; k < messages.length; k++) {
      messages[k] = messageFingerprints(s.inFlight[k].message());
    }
    long bestHigh = 0;
    long bestLow = 0;
    for (int p = 0; p < perms.length; p++) {
      FastSink h = renamedFingerprint(s, p, slots, messages);
      long high = h.high();
      long low = h.low();
      if (p == 0 || high < bestHigh || (high == bestHigh && low < bestLow)) {
        bestHigh = high;
        bestLow = low;
      }
    }
    s.keyHigh = bestHigh;
    s.keyLow = bestLow;
  }

  /**
   * The fingerprint of {@code s} renamed by permutation {@code p} (the parts SearchState has), from
   * its slots' and messages' renamed fingerprints by permutation.
   */
  private FastSink renamedFingerprint(SearchState s, int p, long[][] slots, long[][] messages) {
    int[] perm = perms[p];
    if (slotScratch.length < n) {
      slotScratch = new long[n];
    }
    for (int i = 0; i < n; i++) {
      slotScratch[perm[i]] = slots[i][p];
    }
    int m = messages.length;
    if (flightScratch.length < m) {
      flightScratch = new long[Math.max(m, 2 * flightScratch.length)];
    }
    long[] flight = flightScratch;
    for (int k = 0; k < m; k++) {
      Envelope e = s.inFlight[k];
      flight[k] = new FastSink().word(perm[e.from()]).word(perm[e.to()]).word(messages[k][p]).low();
    }
    Arrays.sort(flight, 0, m);
    FastSink h = new FastSink();
    for (int i = 0; i < n; i++) {
      h.word(slotScratch[i]);
    }
    h.word(m);
    for (int k = 0; k < m; k++) {
      h.word(flight[k]);
    }
    h.word(permutedLinks(s.blockedLinks, perm))
        .word(s.crashes)
        .word(s.drops)
        .word(s.partitions)
        .word(s.linkCuts)
        .word(s.clockSteps)
        .word(s.timeTicks)
        .word(s.history.hash);
    if (s.bounded) {
      h.word(0xB0B0B0B0L).word(s.timerFires);
    }
    if (s.clockChoices > 0) {
      h.word(0xC10C4C10CL).word(permutedOffsets(s.clockOffsets, perm)).word(s.clockChoices);
    }
    return h;
  }

  private long permutedLinks(long links, int[] perm) {
    long out = 0;
    for (long rest = links; rest != 0; rest &= rest - 1) {
      int bit = Long.numberOfTrailingZeros(rest);
      out |= 1L << (perm[bit / n] * n + perm[bit % n]);
    }
    return out;
  }

  private static long permutedOffsets(long offsets, int[] perm) {
    long out = 0;
    for (int i = 0; i < perm.length; i++) {
      out |= ((offsets >>> (2 * i)) & 3) << (2 * perm[i]);
    }
    return out;
  }

  /** {@code message}'s fingerprint renamed by every permutation (index 0: as it is). */
  private long[] messageFingerprints(Object message) {
    long[] known = messageByIdentity.get(message);
    if (known != null) {
      return known;
    }
    if (messageByIdentity.size() >= MEMO_MAX) {
      messageByIdentity.clear();
    }
    known = messageByEquality.get(message);
    if (known == null) {
      if (messageByEquality.size() >= MEMO_MAX) {
        messageByEquality.clear();
      }
      known = new long[perms.length];
      for (int p = 0; p < perms.length; p++) {
        FastSink h = new FastSink();
        Fingerprints.put(h, p == 0 ? message : renamings[p].value(message));
        known[p] = h.low();
      }
      messageByEquality.put(message, known);
    }
    messageByIdentity.put(message, known);
    return known;
  }

  /**
   * The fingerprint of node slot {@code slot} with its contents renamed by every permutation, kept
   * in the slot (search states share slots, so each is renamed once per search).
   */
  private long[] slotFingerprints(NodeSlot slot) {
    NodeSlot.RenamedFingerprints known = slot.renamed;
    if (known != null && known.byPermutation().length == perms.length) {
      return known.byPermutation();
    }
    long[] f = new long[perms.length];
    f[0] = slot.fingerprint;
    for (int p = 1; p < perms.length; p++) {
      f[p] = renamedSlot(slot, p).fingerprint;
    }
    slot.renamed = new NodeSlot.RenamedFingerprints(f);
    return f;
  }

  /** The fingerprint of {@code durable} renamed by permutation p (durables outlive many slots). */
  private long durableFingerprint(NodeSlot slot, int p) {
    if (slot.durable == null) {
      return slot.durableFingerprint;
    }
    Map<Durable, Long> memo = durableMemo.get(p);
    Long known = memo.get(slot.durable);
    if (known != null) {
      return known;
    }
    if (memo.size() >= MEMO_MAX) {
      memo.clear();
    }
    Durable renamed = renamings[p].value(slot.durable);
    long f =
        renamed == slot.durable ? slot.durableFingerprint : NodeSlot.durableFingerprint(renamed);
    memo.put(slot.durable, f);
    return f;
  }

  /**
   * The slot a node would have were the servers named by permutation p (fingerprinted as built; it
   * keeps the original durable record, as only the renamed one's fingerprint is used).
   */
  private NodeSlot renamedSlot(NodeSlot slot, int p) {
    NodeRenaming r = renamings[p];
    NodeState<?> state = slot.state == null ? null : slot.state.renamed(r);
    long durableFp = durableFingerprint(slot, p);
    PendingTimer[] timers = new PendingTimer[slot.timers.length];
    for (int k = 0; k < timers.length; k++) {
      PendingTimer t = slot.timers[k];
      Timer renamed = r.value(t.timer());
      long fp = renamed == t.timer() ? t.fingerprint() : Fingerprints.of(renamed);
      timers[k] = new PendingTimer(renamed, t.minTicks(), t.maxTicks(), fp);
    }
    long[] repeats = renamedRepeats(slot, timers); // before sorting: timers[k] came from slot's k
    Arrays.sort(timers, (a, b) -> Long.compare(a.fingerprint(), b.fingerprint()));
    return new NodeSlot(state, slot.durable, durableFp, timers, repeats);
  }

  /**
   * Timer repeat counts (bounded mode) keyed by the renamed timers' fingerprints, sorted by them;
   * {@code renamed[k]} is the renaming of the slot's timer k.
   */
  private static long[] renamedRepeats(NodeSlot slot, PendingTimer[] renamed) {
    if (slot.timerRepeats.length == 0) {
      return slot.timerRepeats;
    }
    List<long[]> pairs = new ArrayList<>();
    for (int k = 0; k < renamed.length; k++) {
      int count = slot.repeats(slot.timers[k].fingerprint());
      if (count > 0) {
        pairs.add(new long[] {renamed[k].fingerprint(), count});
      }
    }
    pairs.sort((a, b) -> Long.compare(a[0], b[0]));
    long[] out = new long[2 * pairs.size()];
    for (int k = 0; k < pairs.size(); k++) {
      out[2 * k] = pairs.get(k)[0];
      out[2 * k + 1] = pairs.get(k)[1];
    }
    return out;
  }
}
