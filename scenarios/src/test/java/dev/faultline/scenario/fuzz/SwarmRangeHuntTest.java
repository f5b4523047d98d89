package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.run.RunOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in measurements of the swarm fuzzer as {@code faultline fuzz} runs it (3 nodes, 3 clients,
 * 200 ops, one thread): seeds and seconds to the first failure with a variant's own property in
 * five disjoint seed ranges, and clean-seed counts for the correct protocols. Wall-clock seconds
 * depend on the machine's load; the seed counts do not.
 *
 * <pre>
 * -Dfl.swarm.ranges=raft:R3:ElectionSafety,pb:B2:Linearizability  (variant hunts)
 * -Dfl.swarm.rangeSeeds=3000                                          (cap per range)
 * -Dfl.swarm.clean=raft,pb -Dfl.swarm.cleanSeeds=5000                 (correct protocols)
 * </pre>
 */
class SwarmRangeHuntTest {
  /** First seeds of the five ranges (the ones the fuzz-gaps measurements used). */
  static final long[] RANGES = {1, 100_001, 200_001, 300_001, 400_001};

  @Test
  @EnabledIfSystemProperty(named = "fl.swarm.ranges", matches = ".+")
  @SuppressWarnings("forbiddenapis") // wall-clock seconds are reported, never asserted
  void huntEachVariantInFiveRanges() {
    int cap = Integer.getInteger("fl.swarm.rangeSeeds", 3_000);
    StringBuilder table =
        new StringBuilder("variant | found | median seeds | median s | seeds per range (s)\n");
    for (String spec : System.getProperty("fl.swarm.ranges").split(",")) {
      String[] p = spec.trim().split(":");
      FuzzCampaign campaign =
          new FuzzCampaign(FuzzConfig.of(p[0], p[1]), RunOptions.DEFAULT, false);
      List<Long> found = new ArrayList<>();
      List<Double> secs = new ArrayList<>();
      StringBuilder per = new StringBuilder();
      for (long first : RANGES) {
        long start = System.nanoTime();
        long hit = -1;
        for (long seed = first; seed < first + cap; seed++) {
          SeedOutcome o = campaign.runSeed(seed);
          if (p[2].equals(o.property())) {
            hit = seed - first + 1;
            break;
          }
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (hit > 0) {
          found.add(hit);
          secs.add(s);
        }
        per.append(hit > 0 ? Long.toString(hit) : "none in " + cap)
            .append(String.format(Locale.ROOT, " (%.1f s)", s))
            .append("; ");
      }
      Collections.sort(found);
      Collections.sort(secs);
      table
          .append(p[1])
          .append(" | ")
          .append(found.size())
          .append("/5 | ")
          .append(found.isEmpty() ? "-" : found.get(found.size() / 2))
          .append(" | ")
          .append(
              secs.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", secs.get(secs.size() / 2)))
          .append(" | ")
          .append(per)
          .append('\n');
      System.out.println("RANGE-HUNT " + p[1] + ": " + per);
    }
    System.out.println("RANGE-HUNT TABLE\n" + table);
    assertTrue(table.length() > 0);
  }

  @Test
  @EnabledIfSystemProperty(named = "fl.swarm.clean", matches = ".+")
  void correctProtocolsStayClean() {
    long seeds = Long.getLong("fl.swarm.cleanSeeds", 5_000);
    int threads = Integer.getInteger("fl.swarm.cleanThreads", 1);
    List<String> bad = new ArrayList<>();
    for (String protocol : System.getProperty("fl.swarm.clean").split(",")) {
      FuzzCampaign.Summary sum =
          new FuzzCampaign(FuzzConfig.of(protocol.trim(), null), RunOptions.DEFAULT, false)
              .run(new FuzzCampaign.Bounds(1, seeds, 0, 1, 1), threads, null);
      System.out.println(
          "CLEAN "
              + protocol
              + ": "
              + sum.outcomes().size()
              + " seeds in "
              + sum.elapsedMillis()
              + " ms ("
              + threads
              + " thread(s)), "
              + sum.failures().size()
              + " failures, "
              + sum.livenessLimits().size()
              + " declared progress limits");
      for (SeedOutcome o : sum.failures()) {
        bad.add(protocol + " seed " + o.seed() + ": " + o.property() + ": " + o.message());
      }
      assertEquals(seeds, sum.outcomes().size());
    }
    assertEquals(List.of(), bad);
  }
}
