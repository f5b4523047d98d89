package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures, per bug variant, how many random seeds (RaftFuzzPlan) it takes to see a violation and
 * how long. Opt-in: -Draft.hunt=true [-Draft.hunt.trials=5 -Draft.hunt.maxSeeds=2000]. Prints a
 * table; the note for issue 4 quotes it.
 */
@EnabledIfSystemProperty(named = "raft.hunt", matches = "true")
class RaftVariantHuntTest {

  @Test
  void hunt() {
    int trials = Integer.getInteger("raft.hunt.trials", 5);
    int maxSeeds = Integer.getInteger("raft.hunt.maxSeeds", 2000);
    String only = System.getProperty("raft.hunt.variants", "R1,R2,R3,R4,R5,R6,R7,R8");
    StringBuilder table =
        new StringBuilder("variant | found | median seeds | median seconds | properties\n");
    for (String variant : only.split(",")) {
      boolean membership = variant.equals("R8");
      List<Long> seedsToFail = new ArrayList<>();
      List<Double> secondsToFail = new ArrayList<>();
      List<String> props = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        long first = 1_000_000L * (t + 1);
        long start = System.nanoTime();
        for (long seed = first; seed < first + maxSeeds; seed++) {
          RaftFuzzPlan plan = RaftFuzzPlan.draw(seed, membership);
          if (variant.equals("R8")) {
            plan = plan.withOption("membership", "single");
          }
          RaftRuns.Run run = plan.run(seed, variant, false);
          String bad = RaftChecks.violated(run, plan.workload(), plan.stabilizeTicks());
          if (bad != null) {
            System.out.println(
                "HUNT "
                    + variant
                    + " seed "
                    + seed
                    + ": "
                    + RaftChecks.explain(run, plan.workload()));
            seedsToFail.add(seed - first + 1);
            secondsToFail.add((System.nanoTime() - start) / 1e9);
            if (!props.contains(bad)) {
              props.add(bad);
            }
            break;
          }
        }
      }
      Collections.sort(seedsToFail);
      Collections.sort(secondsToFail);
      table
          .append(variant)
          .append(" | ")
          .append(seedsToFail.size())
          .append("/")
          .append(trials)
          .append(" | ")
          .append(seedsToFail.isEmpty() ? "-" : seedsToFail.get(seedsToFail.size() / 2))
          .append(" | ")
          .append(
              secondsToFail.isEmpty()
                  ? "-"
                  : String.format("%.2f", secondsToFail.get(secondsToFail.size() / 2)))
          .append(" | ")
          .append(props)
          .append("\n");
      System.out.println(table);
    }
    System.out.println(table);
    assertTrue(table.length() > 0);
  }
}
