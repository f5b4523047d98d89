package dev.faultline.bench.fuzz;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.shrink.ShrinkResult;
import dev.faultline.scenario.shrink.Shrinker;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClusterSpec;
import java.util.List;

/**
 * Measures what the issue asks of shrinking: for every bug variant the swarm fuzzer finds, shrink
 * the first failing seed and print the sizes (faults + client operations) before and after, and
 * whether the shrunk scenario still violates the same property.
 *
 * <p>Run: {@code java -cp ... dev.faultline.bench.fuzz.ShrinkReport [seeds] [ops] [threads]
 * [protocol...]} (defaults 100 seeds, 200 ops, 2 threads, every protocol).
 */
public final class ShrinkReport {
  private ShrinkReport() {}

  public static void main(String[] args) {
    long seeds = args.length > 0 ? Long.parseLong(args[0]) : 100;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    List<String> only = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
    System.out.println(
        "| protocol | variant | seeds to find | property | before (faults+ops) | after "
            + "| ratio | still fails | shrink runs | shrink ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (ClusterSpec spec : ProtocolRegistry.DEFAULT.all()) {
      if (!only.isEmpty() && !only.contains(spec.name())) {
        continue;
      }
      for (BugVariant v : spec.variants()) {
        FuzzConfig c = new FuzzConfig(spec.name(), v.id(), 3, 3, ops, 10, 0, 0);
        FuzzCampaign campaign = new FuzzCampaign(c, RunOptions.DEFAULT, false);
        FuzzCampaign.Summary s =
            campaign.run(new FuzzCampaign.Bounds(1, seeds, 0, 1, 1), threads, null);
        List<SeedOutcome> failures = s.failures();
        if (failures.isEmpty()) {
          System.out.printf(
              "| %s | %s | not found in %d | - | - | - | - | - | - | - |%n",
              spec.name(), v.id(), seeds);
          continue;
        }
        // Prefer the property the variant is documented to break, else the first failure.
        SeedOutcome f =
            failures.stream()
                .filter(o -> o.property().equals(v.violates()))
                .findFirst()
                .orElse(failures.get(0));
        ShrinkResult r =
            new Shrinker(RunOptions.DEFAULT, Shrinker.Budget.DEFAULT)
                .shrink(SwarmPlan.scenario(c, f.seed()));
        String again = ScenarioRunner.run(r.shrunk()).property();
        System.out.printf(
            "| %s | %s | seed %d (%d of %d failed) | %s | %d | %d | %.3f | %s | %d | %d%s |%n",
            spec.name(),
            v.id(),
            f.seed(),
            failures.size(),
            s.outcomes().size(),
            r.property(),
            r.sizeBefore(),
            r.sizeAfter(),
            r.sizeAfter() / (double) r.sizeBefore(),
            r.property().equals(again) ? "yes" : "NO (" + again + ")",
            r.runs(),
            r.elapsedMillis(),
            r.stoppedBy() == null ? "" : " (" + r.stoppedBy() + ")");
      }
    }
  }
}
