package dev.faultline.sim.explore;

import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.rand.Rng;
import java.util.Arrays;

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

  /** The hash of {@code events}, each fingerprinted here (stamp left out). */
  static long of(HistoryEvent[] events) {
    long[] fps = new long[events.length];
    for (int i = 0; i < events.length; i++) {
      fps[i] = Fingerprints.of(events[i].atTick(-1));
    }
    return of(events, fps);
  }

  /**
   * The hash of {@code events}, given each event's fingerprint ({@code fps[i]} of {@code
   * events[i]}, stamp left out). Clients are small indices, so per-client counters are arrays sized
   * by the highest client index rather than maps; iteration is by client index either way.
   */
  static long of(HistoryEvent[] events, long[] fps) {
    int clients = 0;
    for (HistoryEvent e : events) {
      clients = Math.max(clients, e.process() + 1);
    }
    int[] returned = new int[clients]; // client -> operations returned
    int[] openIndex = new int[clients]; // the open operation's index, -1: none
    long[] openInvokeFp = new long[clients];
    long[] openBeforeFp = new long[clients];
    Arrays.fill(openIndex, -1);
    long sum = 0;
    for (int i = 0; i < events.length; i++) {
      int p = events[i].process();
      if (events[i].type() == HistoryEvent.Type.INVOKE) {
        if (openIndex[p] >= 0) { // a second invocation before a return: keep both
          sum += operationHash(p, openIndex[p], openInvokeFp[p], openBeforeFp[p], 0);
        }
        openIndex[p] = returned[p];
        openInvokeFp[p] = fps[i];
        openBeforeFp[p] = returnedByOthers(p, returned);
      } else {
        if (openIndex[p] >= 0) {
          sum += operationHash(p, openIndex[p], openInvokeFp[p], openBeforeFp[p], fps[i]);
          openIndex[p] = -1;
        }
        returned[p]++;
      }
    }
    for (int p = 0; p < clients; p++) {
      if (openIndex[p] >= 0) {
        sum += operationHash(p, openIndex[p], openInvokeFp[p], openBeforeFp[p], 0);
      }
    }
    return Rng.mix(sum);
  }

  /** The other clients' returned counts at this moment, in client order (zeros left out). */
  private static long returnedByOthers(int p, int[] returned) {
    long h = 17;
    for (int q = 0; q < returned.length; q++) {
      if (q != p && returned[q] != 0) {
        h = Rng.mix(h * 31 + q) * 31 + returned[q];
      }
    }
    return h;
  }

  private static long operationHash(int p, int index, long invokeFp, long beforeFp, long returnFp) {
    long h = Rng.mix(p * 0x9E3779B97F4A7C15L + index);
    h = Rng.mix(h ^ invokeFp);
    h = Rng.mix(h ^ beforeFp);
    return Rng.mix(h ^ returnFp);
  }
}
