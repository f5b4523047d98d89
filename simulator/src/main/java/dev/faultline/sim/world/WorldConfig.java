package dev.faultline.sim.world;

import dev.faultline.sim.network.Configs;
import dev.faultline.sim.network.NetworkConfig;
import java.util.Objects;

/**
 * One run's settings. The seed drives everything; sub-seeds are derived per subsystem. {@code
 * maxEvents} bounds a run that would otherwise never stop (a livelock).
 */
public record WorldConfig(
    long seed, NetworkConfig network, ClockConfig clock, long maxTicks, long maxEvents) {

  public WorldConfig {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(clock, "clock");
    Configs.requireAtLeast("maxTicks", maxTicks, 1);
    Configs.requireAtLeast("maxEvents", maxEvents, 1);
  }

  public static WorldConfig of(long seed) {
    return new WorldConfig(seed, NetworkConfig.RELIABLE, ClockConfig.DEFAULT, 100_000, 50_000_000);
  }

  public WorldConfig withNetwork(NetworkConfig network) {
    return new WorldConfig(seed, network, clock, maxTicks, maxEvents);
  }

  public WorldConfig withMaxTicks(long ticks) {
    return new WorldConfig(seed, network, clock, ticks, maxEvents);
  }

  public WorldConfig withSeed(long newSeed) {
    return new WorldConfig(newSeed, network, clock, maxTicks, maxEvents);
  }
}
