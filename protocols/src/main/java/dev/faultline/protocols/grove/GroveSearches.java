package dev.faultline.protocols.grove;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.VariantSearch;
import java.util.List;
import java.util.Map;

/**
 * The small model the lease variants' breadth-first searches explore: 2 replicas and 1 client that
 * reads x once; s1 alone serves epoch 1 from boot ({@code bootEpoch}) and holds its lease; one
 * planned reconfiguration moves to s2 (no watchdog); leases of 20 ticks on clocks of uncertainty
 * 10. Time moves only by the declared clock steps (of one lease length), and clock choices put true
 * time at an edge of a node's reading (within the promise). Model bounds: a timer fires at most
 * once between deliveries to its node, one unread message per link, and a few timer firings per
 * path.
 */
final class GroveSearches {
  private GroveSearches() {}

  static final long LEASE_TICKS = 20;
  static final long UNCERTAINTY_TICKS = 10;

  static final List<List<ClientOp>> ONE_READ = List.of(List.of(new ClientOp("get", "x", null)));

  static final Map<String, String> OPTIONS =
      Map.of(
          "bootEpoch", "true",
          "initialServers", "s1",
          "reconfig", "1:s2",
          "watchdog", "false",
          "leaseTicks", Long.toString(LEASE_TICKS),
          "renewTicks", "5");

  /**
   * G11's search (the lease boundary off by one): the boundary is hit only with {@code cfg}'s true
   * time at the lower bound of its reading (+eps) when it grants and when it activates, and the
   * holder's at its upper bound (-eps) when it reads; then the grant at time 0 ends at exactly one
   * lease, and after one clock step of a lease both {@code cfg}'s lower bound and the holder's
   * upper bound equal the expiration. Two clock choices anywhere along a path multiply the model
   * beyond what a test can hold; here a stage places the two clocks first (BFS to the first state
   * where they are placed: the two choices, before anything else happens), and the search proper
   * runs from there with the choices spent and one clock step.
   */
  static VariantSearch leaseBoundary(int timerFires, int steps) {
    return leaseRead(1, 2, timerFires, steps)
        .from("the initial state", v -> true) // the first stage runs without clock choices
        .from(
            "cfg ahead, s1 behind",
            v ->
                v.clockOffsetTicks(GroveSpec.CONFIG_SERVICE) == UNCERTAINTY_TICKS
                    && v.clockOffsetTicks(HOLDER) == -UNCERTAINTY_TICKS);
  }

  /** The replica that serves epoch 1 alone and holds its lease. */
  static final NodeId HOLDER = NodeId.of("s1");

  /**
   * The search: at most {@code clockSteps} steps of one lease length, {@code clockChoices} clock
   * choices and {@code timerFires} timer firings per path, reporting at depth {@code steps}.
   */
  static VariantSearch leaseRead(int clockSteps, int clockChoices, int timerFires, int steps) {
    return VariantSearch.of(2, ONE_READ, steps)
        .withOptions(OPTIONS)
        .withBounds(1, 1, timerFires)
        .withClock(
            new VariantSearch.Clock(clockSteps, LEASE_TICKS, UNCERTAINTY_TICKS, clockChoices));
  }
}
