package dev.faultline.sim.world;

/**
 * A stretch of a run during which no fault acted: from {@code fromTick} (the fault event, or the
 * boot, after which the world was calm) to {@code untilTick} (the next fault event; {@link
 * Long#MAX_VALUE} if none came before the run ended). Calm means every node up, no link cut, a
 * network with no random loss, duplication, reorder or hold, and no scripted drop or hold still
 * pending. Messages sent before {@code fromTick} may still be on the wire: a check adds the run's
 * longest message delay before it counts the cluster as quiet.
 */
public record CalmWindow(long fromTick, long untilTick) {
  public CalmWindow {
    if (fromTick < 0 || untilTick < fromTick) {
      throw new IllegalArgumentException("calm window [" + fromTick + ", " + untilTick + ")");
    }
  }
}
