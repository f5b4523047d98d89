package dev.faultline.sim.explore;

import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.rand.Rng;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hash of a client history that depends only on what linearizability depends on: each client's
 * operations in order (invocation and, once it returned, the return) and the real-time order
 * between clients, recorded per operation as how many operations of each other client had returned
 * when it was invoked (Stateright's linearizability tester keeps the same). Two interleavings of
 * events with the same such record (e.g. two returns in either order with nothing invoked between
 * them) hash alike. The per-operation hashes are summed, so the order of clients does not matter.
 */
final class RealTimeOrderHash {
  private RealTimeOrderHash() {}

  /** One operation still in flight: its client's index of it, invocation and real-time record. */
  private record Open(int index, long invokeFp, long beforeFp) {}

  static long of(HistoryEvent[] events) {
    Map<Integer, Integer> returned = new TreeMap<>(); // client -> operations returned
    Map<Integer, Open> open = new TreeMap<>();
    long sum = 0;
    for (HistoryEvent e : events) {
      int p = e.process();
      long fp = Fingerprints.of(e.atTick(-1));
      if (e.type() == HistoryEvent.Type.INVOKE) {
        Open stale =
            open.put(p, new Open(returned.getOrDefault(p, 0), fp, returnedByOthers(p, returned)));
        if (stale != null) {
          sum += operationHash(p, stale, 0); // a second invocation before a return: keep both
        }
      } else {
        Open o = open.remove(p);
        if (o != null) {
          sum += operationHash(p, o, fp);
        }
        returned.merge(p, 1, Integer::sum);
      }
    }
    for (Map.Entry<Integer, Open> e : open.entrySet()) {
      sum += operationHash(e.getKey(), e.getValue(), 0);
    }
    return Rng.mix(sum);
  }

  /** The other clients' returned counts at this moment, in client order (zeros left out). */
  private static long returnedByOthers(int p, Map<Integer, Integer> returned) {
    long h = 17;
    for (Map.Entry<Integer, Integer> e : returned.entrySet()) {
      if (e.getKey() != p) {
        h = Rng.mix(h * 31 + e.getKey()) * 31 + e.getValue();
      }
    }
    return h;
  }

  private static long operationHash(int p, Open o, long returnFp) {
    long h = Rng.mix(p * 0x9E3779B97F4A7C15L + o.index());
    h = Rng.mix(h ^ o.invokeFp());
    h = Rng.mix(h ^ o.beforeFp());
    return Rng.mix(h ^ returnFp);
  }
}
