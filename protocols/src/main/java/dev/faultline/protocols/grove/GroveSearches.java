package dev.faultline.protocols.grove;

import dev.faultline.sim.api.ClientOp;
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
