package dev.faultline.sim.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the run's {@link CalmWindow}s: told after the boot and after every fault event whether
 * the world is calm then. Every fault event ends the open window (even one that changes nothing
 * visible, such as a clock skew or a heal with nothing cut): a window's start is the last moment
 * anything was done to the cluster, which only makes a check of it stricter about what it judges.
 */
final class CalmLog {
  private final List<CalmWindow> closed = new ArrayList<>();
  private long openFrom = -1; // -1: not calm now

  /** After the boot or a fault event at {@code now}: the world is {@code calm}. */
  void faultAt(long now, boolean calm) {
    if (openFrom >= 0 && openFrom < now) {
      closed.add(new CalmWindow(openFrom, now));
    }
    openFrom = calm ? now : -1;
  }

  /** The windows so far; the open one (if the world is calm now) ends at {@link Long#MAX_VALUE}. */
  List<CalmWindow> windows() {
    if (openFrom < 0) {
      return List.copyOf(closed);
    }
    List<CalmWindow> all = new ArrayList<>(closed);
    all.add(new CalmWindow(openFrom, Long.MAX_VALUE));
    return List.copyOf(all);
  }
}
