package dev.faultline.check.run;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.world.ClockConfig;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one run needs, as a scenario file gives it: the protocol and its cluster parameters,
 * the world's seed, network and clock, the scheduled faults, the fault period ({@code
 * durationTicks}), the stabilize phase after it ({@code stabilizeTicks}, 0: none, and no liveness
 * check) and the event bound.
 */
public record RunPlan(
    ClusterSpec spec,
    ClusterParams params,
    String name,
    long seed,
    NetworkConfig network,
    ClockConfig clock,
    List<ScheduledFault> faults,
    long durationTicks,
    long stabilizeTicks,
    long maxEvents) {
  /** The event bound of plans that do not choose one: only a livelock reaches it. */
  public static final long DEFAULT_MAX_EVENTS = 50_000_000L;

  public RunPlan {
    faults = List.copyOf(faults);
  }

  /** A plan with the default clock and event bound and the given options. */
  public static RunPlan of(
      ClusterSpec spec,
      int servers,
      String variant,
      List<List<ClientOp>> workload,
      SortedMap<String, String> options,
      long seed,
      NetworkConfig network,
      List<ScheduledFault> faults,
      long durationTicks,
      long stabilizeTicks) {
    return new RunPlan(
        spec,
        new ClusterParams(servers, variant, workload, new TreeMap<>(options)),
        "test",
        seed,
        network,
        ClockConfig.DEFAULT,
        faults,
        durationTicks,
        stabilizeTicks,
        DEFAULT_MAX_EVENTS);
  }

  public long endTick() {
    return durationTicks + stabilizeTicks;
  }

  public RunPlan withSeed(long s) {
    return new RunPlan(
        spec, params, name, s, network, clock, faults, durationTicks, stabilizeTicks, maxEvents);
  }

  public RunPlan withVariant(String v) {
    ClusterParams p = new ClusterParams(params.servers(), v, params.workload(), params.options());
    return new RunPlan(
        spec, p, name, seed, network, clock, faults, durationTicks, stabilizeTicks, maxEvents);
  }

  public RunPlan withOption(String key, String value) {
    TreeMap<String, String> o = new TreeMap<>(params.options());
    o.put(key, value);
    ClusterParams p = new ClusterParams(params.servers(), params.variant(), params.workload(), o);
    return new RunPlan(
        spec, p, name, seed, network, clock, faults, durationTicks, stabilizeTicks, maxEvents);
  }
}
