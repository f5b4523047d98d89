package dev.faultline.scenario.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.scenario.fuzz.FuzzCampaign;
import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SeedOutcome;
import dev.faultline.scenario.junit.FaultlineFuzz;
import dev.faultline.scenario.run.RunOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The test PIT runs against every mutant of a protocol's classes: a correct-protocol swarm
 * campaign. A mutant is killed when any seed fails an invariant, linearizability, an EVENTUALLY
 * property or liveness outside a declared progress limit. Opt-in: the {@code mutation} profile sets
 * {@code fl.mutation.protocol}; without it this test is skipped.
 *
 * <p>With {@code fl.mutation.drawShape=true} each seed also draws its cluster's shape (the
 * protocol's server counts and timing options, as the CLI's fuzz does without {@code --servers}),
 * and the campaign stops at the first failing seed (a killed mutant costs only the seeds up to it).
 * Either way {@code fl.mutation.thinkTicks} (default 10) spaces each client's operations and {@code
 * fl.mutation.durationTicks} (default 0: the campaign's own) sets how long faults last; {@code
 * build/mutation.sh} passes both ({@code --think-ticks}, {@code --duration-ticks}).
 */
@EnabledIfSystemProperty(named = "fl.mutation.protocol", matches = ".+")
class MutationCampaignTest {

  @Test
  void correctProtocolPassesItsCampaign() {
    String protocol = System.getProperty("fl.mutation.protocol");
    int ops = Integer.getInteger("fl.mutation.ops", 100);
    long seeds = Long.getLong("fl.mutation.seeds", 200L);
    long firstSeed = Long.getLong("fl.mutation.firstSeed", 1L);
    if (Boolean.getBoolean("fl.mutation.drawShape")) {
      drawnShapeCampaign(protocol, ops, seeds, firstSeed);
      return;
    }
    FaultlineFuzz fuzz = FaultlineFuzz.protocol(protocol);
    options().forEach(fuzz::option);
    fuzz.ops(ops)
        .thinkTicks(thinkTicks())
        .durationTicks(durationTicks())
        .seeds(seeds)
        .firstSeed(firstSeed)
        .shrink(false)
        .outDir(outDir())
        .check();
  }

  /** Ticks between a client's operations (10 unless the script's --think-ticks says). */
  private static long thinkTicks() {
    return Long.getLong("fl.mutation.thinkTicks", 10L);
  }

  /** How long faults last (0: the campaign's own, unless the script's --duration-ticks says). */
  private static long durationTicks() {
    return Long.getLong("fl.mutation.durationTicks", 0L);
  }

  /**
   * Where a failing seed's files go: {@code fl.mutation.outDir} (the script puts it under the
   * report), else a folder in the temporary directory.
   */
  private static Path outDir() {
    String dir = System.getProperty("fl.mutation.outDir");
    return dir != null && !dir.isBlank()
        ? Path.of(dir)
        : Path.of(System.getProperty("java.io.tmpdir"), "faultline-mutation");
  }

  private static TreeMap<String, String> options() {
    TreeMap<String, String> options = new TreeMap<>();
    for (String pair : System.getProperty("fl.mutation.options", "").split(";")) {
      if (!pair.isBlank()) {
        String[] kv = pair.split("=", 2);
        options.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
      }
    }
    return options;
  }

  /** One thread, drawn shapes, stops at the first failing seed, which it names. */
  private static void drawnShapeCampaign(String protocol, int ops, long seeds, long firstSeed) {
    FuzzConfig config =
        new FuzzConfig(
            protocol, null, 3, 3, ops, thinkTicks(), durationTicks(), 0, options(), true);
    FuzzCampaign campaign = new FuzzCampaign(config, RunOptions.DEFAULT, false);
    List<SeedOutcome> failures =
        campaign.run(new FuzzCampaign.Bounds(firstSeed, seeds, 0, 1, 1), 1, null, true).failures();
    assertEquals(
        List.of(),
        failures.stream().map(f -> "seed " + f.seed() + ": " + f.property()).toList(),
        "failing seeds");
  }
}
