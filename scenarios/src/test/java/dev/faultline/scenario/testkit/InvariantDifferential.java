package dev.faultline.scenario.testkit;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.protocols.Protocols;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.SystemView;
import dev.faultline.sim.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * A protocol's incremental invariants against their full-scan references, side by side on swarm
 * fuzz runs (the runs {@code faultline fuzz} draws): after every event both verdicts of each
 * compared property must be equal (null, or the same message). The paired check never stops a run,
 * so a buggy run is compared at every event, not only up to its first violation.
 */
public final class InvariantDifferential {
  /** Every disagreement, the checks made, and per property the runs that violated it. */
  public final List<String> mismatches = new ArrayList<>();

  public final TreeMap<String, Integer> violatedRuns = new TreeMap<>();
  public final TreeSet<String> variantsThatBroke = new TreeSet<>();
  public long checks;

  private final Map<String, IntFunction<Invariant>> references;

  /**
   * {@code references}: per property name, a fresh full-scan instance for one run of a cluster with
   * the given number of servers.
   */
  public InvariantDifferential(Map<String, IntFunction<Invariant>> references) {
    this.references = references;
  }

  /**
   * Seeds {@code 1..seeds} of 200-operation swarm runs of {@code protocol}, correct and with each
   * of {@code bugs}; prints what was compared.
   */
  public InvariantDifferential onEveryVariant(
      String protocol, List<dev.faultline.sim.api.BugVariant> bugs, int seeds) {
    List<String> variants = new ArrayList<>();
    variants.add(null);
    bugs.forEach(b -> variants.add(b.id()));
    runAll(FuzzConfig.of(protocol, null).withOps(200), variants, seeds);
    System.out.printf(
        "%s incremental vs full scan: %d variants x %d seeds, %,d checks; runs violating: %s;"
            + " variants that broke: %s%n",
        protocol, variants.size(), seeds, checks, violatedRuns, variantsThatBroke);
    return this;
  }

  /** Runs seeds {@code 1..seeds} of {@code config} with each variant (null: the correct one). */
  public InvariantDifferential runAll(FuzzConfig config, List<String> variants, int seeds) {
    for (String variant : variants) {
      for (long seed = 1; seed <= seeds; seed++) {
        TreeSet<String> violated = run(config.withVariant(variant), seed);
        violated.forEach(p -> violatedRuns.merge(p, 1, Integer::sum));
        if (!violated.isEmpty()) {
          variantsThatBroke.add(variant == null ? "none" : variant);
        }
      }
    }
    return this;
  }

  /** One seed; returns the compared properties the reference found violated. */
  TreeSet<String> run(FuzzConfig config, long seed) {
    String where = config.protocol() + " " + config.variant() + " seed " + seed;
    TreeSet<String> violated = new TreeSet<>();
    var spec = Protocols.byName(config.protocol());
    var plan = ScenarioRunner.plan(SwarmPlan.draw(config, seed).scenario(), spec);
    ClusterRun.run(
        plan,
        TraceSink.NONE,
        ClusterRun.Options.DEFAULT.withInvariants(
            built -> List.of(paired(built, plan.params().servers(), where, violated))));
    return violated;
  }

  private Invariant paired(
      List<Invariant> built, int servers, String where, TreeSet<String> violated) {
    List<Invariant> incremental = new ArrayList<>();
    List<Invariant> reference = new ArrayList<>();
    for (Invariant inv : built) {
      IntFunction<Invariant> ref = references.get(inv.name());
      if (ref != null) {
        incremental.add(inv);
        reference.add(ref.apply(servers));
      }
    }
    if (incremental.size() != references.size()) {
      throw new IllegalStateException(where + ": not every reference has a built invariant");
    }
    return new Invariant() {
      @Override
      public String name() {
        return "Paired";
      }

      @Override
      public String check(SystemView view) {
        for (int i = 0; i < incremental.size(); i++) {
          String inc = incremental.get(i).check(view);
          String ref = reference.get(i).check(view);
          if (!Objects.equals(inc, ref) && mismatches.size() < 20) {
            mismatches.add(
                where
                    + ", "
                    + reference.get(i).name()
                    + " at check "
                    + checks
                    + ": incremental="
                    + inc
                    + " reference="
                    + ref);
          }
          if (ref != null) {
            violated.add(reference.get(i).name());
          }
        }
        checks++;
        return null;
      }
    };
  }
}
