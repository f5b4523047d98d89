package dev.faultline.bench.fuzz;

import dev.faultline.scenario.fuzz.FuzzConfig;
import dev.faultline.scenario.fuzz.SwarmPlan;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;

/**
 * One line per fuzz seed: verdict, property, message, events, the linearizability result and (with
 * {@code hash}) the trace's SHA-256. Run it on two builds and diff the output to show that a speed
 * change left every run as it was (same seed, same trace and verdicts). It uses only public API
 * that older builds have too, so it can run against an older jar: {@code -cp tool:old.jar}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.faultline.bench.fuzz.FuzzOutcomes \
 *     raft 1000 1 300 hash        # protocol ops firstSeed seeds [hash|nohash [variant]]
 * </pre>
 */
public final class FuzzOutcomes {
  private FuzzOutcomes() {}

  public static void main(String[] args) {
    String protocol = args[0];
    int ops = Integer.parseInt(args[1]);
    long first = Long.parseLong(args[2]);
    long seeds = Long.parseLong(args[3]);
    boolean hash = args.length > 4 && args[4].equals("hash");
    String variant = args.length > 5 ? args[5] : null; // a bug variant, e.g. R2
    FuzzConfig config = FuzzConfig.of(protocol, variant).withOps(ops);
    RunOptions options = RunOptions.DEFAULT.withHashTrace(hash);
    for (long seed = first; seed < first + seeds; seed++) {
      ScenarioResult r = ScenarioRunner.run(SwarmPlan.draw(config, seed).scenario(), options);
      System.out.println(
          seed
              + " "
              + r.verdict()
              + " "
              + r.property()
              + " events="
              + r.outcome().events()
              + " tick="
              + r.outcome().tick()
              + " lin="
              + r.linearizability()
              + " sha="
              + r.traceSha256()
              + " msg="
              + r.message());
    }
  }
}
