package dev.faultline.scenario.model;

import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.world.ClockConfig;
import dev.faultline.sim.world.NetworkConfig;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A scenario file (BRIEF "Scenario files", DESIGN.md section 5), validated. Everything a run needs
 * is here, so a scenario replays identically: see {@code ScenarioRunner} for the run semantics.
 *
 * @param variant bug variant id (BUGS.md), or null for the correct protocol
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
    return clientOps().stream().mapToInt(List::size).sum();
  }

  public boolean expectsPass() {
    return PASS.equals(expect);
  }

  public Scenario withSeed(long newSeed) {
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
        newSeed,
        durationTicks,
        stabilizeTicks,
        expect,
        maxEvents);
  }

  public Scenario withExpect(String newExpect) {
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
        newExpect,
        maxEvents);
  }

  public Scenario withName(String newName, String newDescription) {
    return new Scenario(
        newName,
        newDescription,
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

  public Scenario withOptions(SortedMap<String, String> newOptions) {
    return new Scenario(
        name,
        description,
        protocol,
        variant,
        nodes,
        clients,
        newOptions,
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

  public Scenario withFaults(List<ScheduledFault> newFaults) {
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
        newFaults,
        seed,
        durationTicks,
        stabilizeTicks,
        expect,
        maxEvents);
  }

  public Scenario withWorkload(int newClients, Workload newWorkload) {
    return new Scenario(
        name,
        description,
        protocol,
        variant,
        nodes,
        newClients,
        options,
        newWorkload,
        network,
        clock,
        faults,
        seed,
        durationTicks,
        stabilizeTicks,
        expect,
        maxEvents);
  }

  public Scenario withNodes(int newNodes) {
    return new Scenario(
        name,
        description,
        protocol,
        variant,
        newNodes,
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
