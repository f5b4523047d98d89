package dev.faultline.sim.network;

import java.util.Objects;

/**
 * Random network behaviour, applied per message from the network's own seeded stream: latency,
 * loss, duplication, reordering (extra delay up to {@code reorderTicksMax}) and holding (a message
 * kept back for [holdTicksMin, holdTicksMax] and then delivered stale).
 */
public record NetworkConfig(
    Latency latency,
    double dropRate,
    double duplicateRate,
    double reorderRate,
    long reorderTicksMax,
    double holdRate,
    long holdTicksMin,
    long holdTicksMax) {

  /** A well-behaved network: 1-5 ticks, nothing lost. */
  public static final NetworkConfig RELIABLE =
      new NetworkConfig(new Latency.Uniform(1, 5), 0, 0, 0, 0, 0, 0, 0);

  public NetworkConfig {
    Objects.requireNonNull(latency, "network.latency");
    Configs.requireRate("network.dropRate", dropRate);
    Configs.requireRate("network.duplicateRate", duplicateRate);
    Configs.requireRate("network.reorderRate", reorderRate);
    Configs.requireAtLeast("network.reorderTicksMax", reorderTicksMax, 0);
    Configs.requireRate("network.holdRate", holdRate);
    Configs.requireAtLeast("network.holdTicksMin", holdTicksMin, 0);
    Configs.requireAtLeast("network.holdTicksMax", holdTicksMax, holdTicksMin);
  }

  /** The given latency and no random faults (what {@code StabilizeAll} switches to). */
  public static NetworkConfig quiet(Latency latency) {
    return new NetworkConfig(latency, 0, 0, 0, 0, 0, 0, 0);
  }

  /** This network without random loss (the swarm and the shrinker switch faults off one by one). */
  public NetworkConfig withoutDrops() {
    return new NetworkConfig(
        latency,
        0,
        duplicateRate,
        reorderRate,
        reorderTicksMax,
        holdRate,
        holdTicksMin,
        holdTicksMax);
  }

  public NetworkConfig withoutDuplicates() {
    return new NetworkConfig(
        latency, dropRate, 0, reorderRate, reorderTicksMax, holdRate, holdTicksMin, holdTicksMax);
  }

  public NetworkConfig withoutReorder() {
    return new NetworkConfig(
        latency, dropRate, duplicateRate, 0, 0, holdRate, holdTicksMin, holdTicksMax);
  }

  public NetworkConfig withoutHolds() {
    return new NetworkConfig(
        latency, dropRate, duplicateRate, reorderRate, reorderTicksMax, 0, 0, 0);
  }

  public boolean faulty() {
    return dropRate > 0 || duplicateRate > 0 || reorderRate > 0 || holdRate > 0;
  }
}
