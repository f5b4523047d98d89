package dev.faultline.scenario.pb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * pb under the swarm fuzzer (the one behind {@code faultline fuzz}): the correct protocol never
 * violates a safety property, and a Liveness outcome is accepted only when the view server
 * announced one of the design's known progress limits (annotation "limit") and was still in it at
 * the end. Every variant B1..B8 is found. Bigger: {@code -Dfl.pb.swarmSeeds=2000}.
 */
class PbSwarmFuzzTest {
  static final int SEEDS = Integer.getInteger("fl.pb.swarmSeeds", 150);
  static final int HUNT = Integer.getInteger("fl.pb.swarmHunt", 500);

  static FuzzConfig config(String variant) {
    return FuzzConfig.of("pb", variant).withOps(Integer.getInteger("fl.pb.swarmOps", 40));
  }

  /** The view server's last "limit" annotation in the seed's trace (null or "none": not stuck). */
  static String finalLimit(FuzzConfig config, long seed) {
    InMemoryTrace t = new InMemoryTrace();
    ScenarioRunner.run(SwarmPlan.scenario(config, seed), RunOptions.DEFAULT, t);
    String limit = null;
    for (TraceEvent e : t.events()) {
      if (e instanceof TraceEvent.Annotate a
          && a.node().name().equals("vs")
          && a.key().equals("limit")) {
        limit = a.value();
      }
    }
    return limit == null || limit.equals("none") ? null : limit;
  }

  @Test
  void correctProtocolIsSafeAndLiveUpToItsKnownLimits() {
    FuzzConfig config = config(null);
    FuzzCampaign.Summary sum =
        new FuzzCampaign(config, RunOptions.DEFAULT, false)
            .run(new FuzzCampaign.Bounds(1, SEEDS, 0, 1, 1), 2, null);
    List<String> bad = new ArrayList<>();
    int limits = 0;
    for (SeedOutcome o : sum.outcomes()) {
      if (!o.failed()) {
        continue;
      }
      if (o.property().equals("Liveness") && finalLimit(config, o.seed()) != null) {
        limits++;
        continue;
      }
      bad.add("seed " + o.seed() + ": " + o.property() + ": " + o.message());
    }
    System.out.println(
        "pb swarm: "
            + sum.outcomes().size()
            + " seeds in "
            + sum.elapsedMillis()
            + " ms, "
            + limits
            + " known progress limits, "
            + bad.size()
            + " unexplained");
    assertTrue(bad.isEmpty(), bad.size() + " failing seeds: " + bad.stream().limit(5).toList());
    // Few wasted seeds: a seed stuck in a limit stops exercising the protocol. The swarm draws the
    // fault kinds that make pb's limits permanent on fewer seeds (PbSwarm.kindChance); before
    // that, and before the view server stopped declaring live servers dead, ~55-60 % of seeds
    // ended in a limit.
    assertTrue(
        limits * 100 < 15 * sum.outcomes().size(),
        limits + " of " + sum.outcomes().size() + " seeds ended in a progress limit");
  }

  @Test
  void swarmFindsEveryVariant() {
    List<String> missed = new ArrayList<>();
    // B2 (fast reads) needs the primary cut off from the view server and its backup while a client
    // still reaches it. Swarm partitions name only servers (the view server and clients keep every
    // link) and isolate cuts clients too, so B2 shows only through lost pings: first found at seed
    // 5534 (~31 s). Hence it runs only with -Dfl.pb.swarmAll=true -Dfl.pb.swarmHunt=6000.
    List<String> variants =
        Boolean.getBoolean("fl.pb.swarmAll")
            ? List.of("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8")
            : List.of("B1", "B3", "B4", "B5", "B6", "B7", "B8");
    int campaigns = Integer.getInteger("fl.pb.swarmCampaigns", 1);
    for (String v : variants) {
      FuzzCampaign c = new FuzzCampaign(config(v), RunOptions.DEFAULT, false);
      long[] seeds = new long[campaigns];
      long[] millis = new long[campaigns];
      String what = null;
      for (int k = 0; k < campaigns; k++) {
        long first = 1 + 1_000_003L * k;
        long t0 = System.nanoTime();
        seeds[k] = Long.MAX_VALUE;
        for (long seed = first; seed < first + HUNT; seed++) {
          SeedOutcome o = c.runSeed(seed);
          if (o.failed()
              && !(o.property().equals("Liveness") && finalLimit(config(v), seed) != null)) {
            seeds[k] = seed - first + 1;
            what = what == null ? o.property() + " (seed " + seed + ")" : what;
            break;
          }
        }
        millis[k] = (System.nanoTime() - t0) / 1_000_000;
        if (seeds[k] == Long.MAX_VALUE) {
          missed.add(v + " (campaign " + k + ")");
        }
      }
      java.util.Arrays.sort(seeds);
      java.util.Arrays.sort(millis);
      System.out.println(
          "pb swarm "
              + v
              + ": median seeds to first failure "
              + seeds[campaigns / 2]
              + ", median ms "
              + millis[campaigns / 2]
              + " over "
              + campaigns
              + " campaign(s); first: "
              + what);
    }
    assertTrue(missed.isEmpty(), "not found within " + HUNT + " swarm seeds: " + missed);
  }
}
