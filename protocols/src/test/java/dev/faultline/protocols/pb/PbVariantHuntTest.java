package dev.faultline.protocols.pb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.sim.trace.TraceSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every bug variant B1..B8 is found by random fault plans: for each, a campaign runs seeds from a
 * start until the first run that violates a safety property (a known progress limit does not
 * count). {@code -Dfl.pb.campaigns=K} runs K campaigns per variant from different start seeds and
 * prints the median seeds and milliseconds to the first failure.
 */
class PbVariantHuntTest {
  static final int CAMPAIGNS = Integer.getInteger("fl.pb.campaigns", 1);
  static final int MAX_SEEDS = Integer.getInteger("fl.pb.maxSeeds", 3000);

  /** -Dfl.pb.historyOnly=true: judge runs by the client history alone (no invariants). */
  static final boolean HISTORY_ONLY = Boolean.getBoolean("fl.pb.historyOnly");

  /** Seeds tried until the first safety violation (-1: none within MAX_SEEDS), and its finding. */
  record Hunt(long seeds, long millis, String finding) {}

  static Hunt hunt(String variant, long firstSeed) {
    long start = System.nanoTime();
    for (long k = 0; k < MAX_SEEDS; k++) {
      ClusterRun.Result r =
          ClusterRun.run(
              PbFuzz.plan(firstSeed + k, variant),
              TraceSink.NONE,
              HISTORY_ONLY
                  ? ClusterRun.Options.DEFAULT.withoutInvariants()
                  : ClusterRun.Options.DEFAULT);
      if (!r.safe()) {
        return new Hunt(
            k + 1,
            (System.nanoTime() - start) / 1_000_000,
            "seed " + (firstSeed + k) + " " + r.property() + ": " + r.message());
      }
    }
    return new Hunt(-1, (System.nanoTime() - start) / 1_000_000, null);
  }

  @Test
  void everyVariantIsFoundFromRandomSeeds() {
    List<String> missed = new ArrayList<>();
    for (PbBug bug : PbBug.values()) {
      long[] seeds = new long[CAMPAIGNS];
      long[] millis = new long[CAMPAIGNS];
      String example = null;
      for (int c = 0; c < CAMPAIGNS; c++) {
        Hunt h = hunt(bug.name(), 1 + 1_000_003L * c);
        if (h.seeds() < 0) {
          missed.add(bug + " (campaign " + c + ")");
          seeds[c] = Long.MAX_VALUE;
        } else {
          seeds[c] = h.seeds();
          if (example == null) {
            example = h.finding();
          }
        }
        millis[c] = h.millis();
      }
      Arrays.sort(seeds);
      Arrays.sort(millis);
      System.out.println(
          bug
              + ": median seeds to first failure "
              + seeds[CAMPAIGNS / 2]
              + ", median ms "
              + millis[CAMPAIGNS / 2]
              + " over "
              + CAMPAIGNS
              + " campaign(s); e.g. "
              + example);
    }
    assertTrue(missed.isEmpty(), "not found within " + MAX_SEEDS + " seeds: " + missed);
  }
}
