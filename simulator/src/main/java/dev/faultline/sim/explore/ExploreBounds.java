package dev.faultline.sim.explore;

/**
 * Optional bounds that make the explored model smaller than the protocol's real behaviour: each is
 * an UNDER-approximation (every path of the bounded model is a path of the full model, so a
 * counterexample found is real and replays without the bounds), never a proof that a bug is absent.
 * All are off by default; a search that uses one names it in its result next to the fault bounds,
 * with "(limited the search)" when it actually cut a step.
 *
 * <p>The bounds start counting at the search's start state (after a prefix), so a prefix found
 * without them (e.g. a seeded walk to a ready view) stays a valid start.
 *
 * @param maxTimerRepeats a timer may fire at most this many times on a node with no message
 *     delivered to that node in between (0: unbounded). 1 means "a node re-arms, say, its election
 *     timeout or heartbeat only after it heard something": the schedules it removes are those where
 *     a node keeps timing out into silence.
 * @param maxInFlightPerLink a step may not leave more than this many messages in flight on a
 *     directed link it sent on (0: unbounded), so heartbeats and pings do not pile up unread
 * @param maxTimerFires timers fired along one path, counted from the search's start (0: unbounded):
 *     a budget like the fault bounds, for protocols whose timers fire all the time
 */
public record ExploreBounds(int maxTimerRepeats, int maxInFlightPerLink, int maxTimerFires) {
  /** No bound: the full model. */
  public static final ExploreBounds NONE = new ExploreBounds(0, 0, 0);

  public ExploreBounds {
    if (maxTimerRepeats < 0) {
      throw new IllegalArgumentException("maxTimerRepeats must be >= 0, was " + maxTimerRepeats);
    }
    if (maxTimerFires < 0) {
      throw new IllegalArgumentException("maxTimerFires must be >= 0, was " + maxTimerFires);
    }
    if (maxInFlightPerLink < 0) {
      throw new IllegalArgumentException(
          "maxInFlightPerLink must be >= 0, was " + maxInFlightPerLink);
    }
  }

  /** True when no bound is set (the model is exactly the protocol's). */
  public boolean none() {
    return maxTimerRepeats == 0 && maxInFlightPerLink == 0 && maxTimerFires == 0;
  }

  public ExploreBounds withMaxTimerRepeats(int n) {
    return new ExploreBounds(n, maxInFlightPerLink, maxTimerFires);
  }

  public ExploreBounds withMaxInFlightPerLink(int n) {
    return new ExploreBounds(maxTimerRepeats, n, maxTimerFires);
  }

  public ExploreBounds withMaxTimerFires(int n) {
    return new ExploreBounds(maxTimerRepeats, maxInFlightPerLink, n);
  }
}
