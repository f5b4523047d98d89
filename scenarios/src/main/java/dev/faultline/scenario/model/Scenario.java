package dev.faultline.scenario.model;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.network.NetworkConfig;
import dev.faultline.sim.world.ClockConfig;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A scenario file (docs/reference/scenario-schema.md), validated. Everything a run needs is here,
 * so a scenario replays identically: see {@code ScenarioRunner} for the run semantics.
 *
 * @param variant bug variant id (one of the protocol's variants(), e.g. R2), or null for the
 *     correct protocol
 * @param expect "pass" or the property expected to be violated
 * @param maxEvents bound on simulated events (a livelock guard)
 */
public record Scenario(
    String name,
    String description,
    String protocol,
    String variant,
    int nodes,
    int clients,
    SortedMap<String, String> options,
    Workload workload,
    NetworkConfig network,
    ClockConfig clock,
    List<ScheduledFault> faults,
    long seed,
    long durationTicks,
    long stabilizeTicks,
    String expect,
    long maxEvents) {

  public static final String PASS = "pass";
  public static final long DEFAULT_MAX_EVENTS = 50_000_000L;

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(clock, "clock");
    description = description == null ? "" : description;
    options = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(options));
    faults = List.copyOf(faults);
    expect = expect == null ? PASS : expect;
  }

  /** The concrete client operations (a generated workload expanded from the seed). */
  public List<List<ClientOp>> clientOps() {
    return workload.opsFor(clients, seed);
  }

  public int operationCount() {
    if (workload instanceof Workload.Generated g && clients > 0) {
      // Operation i goes to client i mod clients: all ops are someone's. Expanding the workload
      // only to count it was ~2 % of a fuzz seed's CPU (the run expands it again).
      return Math.max(0, g.ops());
    }
    return clientOps().stream().mapToInt(List::size).sum();
  }

  public boolean expectsPass() {
    return PASS.equals(expect);
  }

  public Scenario withSeed(long newSeed) {
    return edit(b -> b.seed = newSeed);
  }

  public Scenario withExpect(String newExpect) {
    return edit(b -> b.expect = newExpect);
  }

  public Scenario withName(String newName, String newDescription) {
    return edit(
        b -> {
          b.name = newName;
          b.description = newDescription;
        });
  }

  /** The same scenario run against another variant (null: the correct protocol). */
  public Scenario withVariant(String newVariant) {
    return edit(b -> b.variant = newVariant);
  }

  public Scenario withOptions(SortedMap<String, String> newOptions) {
    return edit(b -> b.options = newOptions);
  }

  public Scenario withFaults(List<ScheduledFault> newFaults) {
    return edit(b -> b.faults = newFaults);
  }

  public Scenario withWorkload(int newClients, Workload newWorkload) {
    return edit(
        b -> {
          b.clients = newClients;
          b.workload = newWorkload;
        });
  }

  public Scenario withNodes(int newNodes) {
    return edit(b -> b.nodes = newNodes);
  }

  public Scenario withNetwork(NetworkConfig newNetwork) {
    return edit(b -> b.network = newNetwork);
  }

  public Scenario withTicks(long newDurationTicks, long newStabilizeTicks) {
    return edit(
        b -> {
          b.durationTicks = newDurationTicks;
          b.stabilizeTicks = newStabilizeTicks;
        });
  }

  /** A copy with {@code change} applied to a mutable copy of the components (all withers). */
  private Scenario edit(java.util.function.Consumer<Editable> change) {
    Editable b = new Editable(this);
    change.accept(b);
    return b.build();
  }

  /** The components, mutable, for {@link #edit}. */
  private static final class Editable {
    String name;
    String description;
    String protocol;
    String variant;
    int nodes;
    int clients;
    SortedMap<String, String> options;
    Workload workload;
    NetworkConfig network;
    ClockConfig clock;
    List<ScheduledFault> faults;
    long seed;
    long durationTicks;
    long stabilizeTicks;
    String expect;
    long maxEvents;

    Editable(Scenario s) {
      name = s.name;
      description = s.description;
      protocol = s.protocol;
      variant = s.variant;
      nodes = s.nodes;
      clients = s.clients;
      options = s.options;
      workload = s.workload;
      network = s.network;
      clock = s.clock;
      faults = s.faults;
      seed = s.seed;
      durationTicks = s.durationTicks;
      stabilizeTicks = s.stabilizeTicks;
      expect = s.expect;
      maxEvents = s.maxEvents;
    }

    Scenario build() {
      return new Scenario(
          name,
          description,
          protocol,
          variant,
          nodes,
          clients,
          options,
          workload,
          network,
          clock,
          faults,
          seed,
          durationTicks,
          stabilizeTicks,
          expect,
          maxEvents);
    }
  }
}
