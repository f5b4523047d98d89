package dev.faultline.scenario.debug;

import dev.faultline.check.run.ExploreWorkloads;
import dev.faultline.check.run.LinearizabilityInvariant;
import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.explore.CounterexampleFiles;
import dev.faultline.scenario.explore.ExploreRun;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.explore.Counterexample;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.Stepper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds a {@link DebugSession}: from a counterexample file (its cluster, workload and model
 * options; its steps become the recorded path, of which the first {@code at} are taken), or from a
 * protocol and a small workload (explore's). Faults are bounded only loosely ({@link #FAULTS_MAX}
 * of each kind), so a person can crash, drop, cut and step the clock as they like.
 */
public final class DebugLaunch {
  /** How many crashes, drops, partitions, link cuts and clock steps one path may take. */
  public static final int FAULTS_MAX = 16;

  private DebugLaunch() {}

  /** A session over the counterexample in {@code file} (already read as {@code text}). */
  public static DebugSession fromCounterexample(
      Path file, String text, int at, boolean linearizability) {
    Counterexample cx = CounterexampleFiles.read(file, text);
    if (at < 0 || at > cx.steps().size()) {
      throw new UserError("--at: must be in [0, " + cx.steps().size() + "], was " + at);
    }
    DebugSession.Setup setup =
        new DebugSession.Setup(
            cx.protocol(),
            cx.variant(),
            cx.servers(),
            cx.workload(),
            cx.options(),
            loose(cx.explore()));
    try {
      return new DebugSession(setup, stepper(setup, linearizability), cx.steps(), at);
    } catch (IllegalArgumentException e) {
      throw new UserError(
          file + ": " + e.getMessage() + " (the protocol no longer behaves as recorded)");
    }
  }

  /** A session at the initial state of {@code protocol} with explore's workload. */
  public static DebugSession fromProtocol(
      String protocol,
      String variant,
      int servers,
      int clients,
      int ops,
      SortedMap<String, String> options,
      boolean linearizability) {
    ExploreRun.specFor(protocol, variant);
    DebugSession.Setup setup =
        new DebugSession.Setup(
            protocol,
            variant,
            servers,
            ExploreWorkloads.of(clients, ops),
            new TreeMap<>(options),
            loose(ExploreOptions.defaults()));
    return new DebugSession(setup, stepper(setup, linearizability), List.of(), 0);
  }

  private static ExploreOptions loose(ExploreOptions o) {
    return o.withFaults(
            Math.max(o.maxCrashes(), FAULTS_MAX),
            Math.max(o.maxDrops(), FAULTS_MAX),
            Math.max(o.maxPartitions(), FAULTS_MAX),
            Math.max(o.maxClockSteps(), FAULTS_MAX))
        .withLinkCuts(Math.max(o.maxLinkCuts(), FAULTS_MAX));
  }

  static Stepper stepper(DebugSession.Setup setup, boolean linearizability) {
    ClusterSpec spec = ExploreRun.specFor(setup.protocol(), setup.variant());
    ClusterParams params =
        new ClusterParams(setup.servers(), setup.variant(), setup.workload(), setup.options());
    Cluster cluster;
    try {
      cluster = spec.build(params);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Supplier<List<Invariant>> invariants =
        () -> {
          List<Invariant> all = new ArrayList<>(spec.freshInvariants(params));
          if (linearizability) {
            all.add(new LinearizabilityInvariant());
          }
          return all;
        };
    return new Stepper(cluster, setup.explore(), invariants);
  }
}
