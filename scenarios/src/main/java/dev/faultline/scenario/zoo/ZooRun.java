package dev.faultline.scenario.zoo;

import dev.faultline.check.run.ClusterExplore;
import dev.faultline.check.run.DeclaredSearch;
import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.shrink.ShrinkResult;
import dev.faultline.scenario.shrink.Shrinker;
import dev.faultline.sim.api.BugVariant;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.VariantSearch;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures one bug variant for the zoo: K fuzz campaigns over disjoint seed ranges (campaign k
 * starts at seed {@code 1 + k * 1,000,000}), each on one thread until its first failure or the time
 * cap, exactly as {@code faultline fuzz --protocol P --variant V --first-seed S --time CAP
 * --threads 1 --stop-on-failure} would (default sizes: each seed draws its server count and
 * timing); the first failure found is shrunk; then the variant's declared BFS ({@link
 * VariantSearch}), if any.
 */
public final class ZooRun {
  /** Seeds between the first seeds of two campaigns: ranges stay disjoint under any cap. */
  static final long CAMPAIGN_STRIDE = 1_000_000;

  /**
   * Campaigns per variant, wall-time cap per campaign, whether to run declared searches, and the
   * share of runs a coverage-guided campaign spends on mutants (negative: plain swarm campaigns).
   */
  public record Settings(
      int campaigns, long capMillis, boolean explore, long maxStates, double mutantShare) {
    public Settings(int campaigns, long capMillis, boolean explore, long maxStates) {
      this(campaigns, capMillis, explore, maxStates, -1);
    }

    public boolean guided() {
      return mutantShare >= 0;
    }
  }

  private final Settings settings;

  public ZooRun(Settings settings) {
    this.settings = settings;
  }

  public ZooRow measure(ClusterSpec spec, BugVariant v) {
    // The fuzz command's defaults: each seed draws its server count and timing.
    FuzzConfig config = FuzzConfig.of(spec.name(), v.id()).withDrawnShape();
    FuzzCampaign campaign = new FuzzCampaign(config, RunOptions.DEFAULT, false);
    if (settings.guided()) {
      campaign = campaign.guided(settings.mutantShare());
    }
    List<Long> seeds = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    SeedOutcome first = null;
    Scenario firstScenario = null;
    for (int k = 0; k < settings.campaigns(); k++) {
      long firstSeed = 1 + k * CAMPAIGN_STRIDE;
      FuzzCampaign.Summary s =
          campaign.run(
              new FuzzCampaign.Bounds(firstSeed, 0, settings.capMillis(), 1, 1), 1, null, true);
      List<SeedOutcome> failures = s.failures();
      if (failures.isEmpty()) {
        seeds.add(-1L);
        millis.add(-1L);
        continue;
      }
      seeds.add(s.runsTo(failures.getFirst())); // a guided campaign's mutants count as seeds
      millis.add(s.elapsedMillis());
      if (first == null) {
        first = failures.getFirst();
        firstScenario = s.scenarioOf(config, first);
      }
    }
    int before = -1;
    int after = -1;
    if (first != null) {
      ShrinkResult r =
          new Shrinker(RunOptions.DEFAULT, Shrinker.Budget.DEFAULT).shrink(firstScenario);
      before = r == null ? -1 : r.sizeBefore();
      after = r == null ? -1 : r.sizeAfter();
    }
    ZooRow.Bfs bfs = settings.explore() ? search(spec, v) : null;
    return new ZooRow(
        spec.name(),
        v.id(),
        seeds,
        millis,
        first == null ? null : first.property(),
        before,
        after,
        bfs);
  }

  /** The variant's declared one-BFS, as the contract suite runs it; null when none is declared. */
  private ZooRow.Bfs search(ClusterSpec spec, BugVariant v) {
    VariantSearch s = v.search();
    if (s == null) {
      return null;
    }
    ExploreOptions o = DeclaredSearch.options(s, s.steps(), settings.maxStates());
    ExploreResult r =
        ClusterExplore.explore(
            spec,
            v.id(),
            s.servers(),
            s.workload(),
            s.options(),
            o,
            List.of(),
            DeclaredSearch.startPath(spec, v.id(), s),
            1);
    return new ZooRow.Bfs(
        r.end().toString(),
        r.property(),
        r.path() == null ? 0 : r.path().size(),
        r.uniqueStates(),
        r.elapsedMillis());
  }
}
