package dev.faultline.sim.world;

import dev.faultline.sim.network.Configs;

/**
 * Clock model: every node reads [local - uncertaintyTicks, local + uncertaintyTicks], where local =
 * true + offset + true * driftPpm / 1e6. A clock is within spec while |offset + drift error| &lt;=
 * uncertaintyTicks (epsilon).
 */
public record ClockConfig(long uncertaintyTicks) {
  public static final ClockConfig DEFAULT = new ClockConfig(10);

  public ClockConfig {
    Configs.requireAtLeast("clock.uncertaintyTicks", uncertaintyTicks, 0);
  }
}
