package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faultline.check.run.CalmLatencyCheck;
import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.check.run.SettledLatencyCheck;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.sim.api.ClusterSpec;
import dev.faultline.sim.api.SettledLatency;
import dev.faultline.sim.world.CalmWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Opt-in measurement of a protocol's calm latency bound (its option {@code checkCalmLatency}) on
 * correct swarm seeds: how many runs fail, and the least settle time each run would have needed
 * against the settle time the protocol declares (the margin). {@code -Dfl.calm.protocol=raft
 * -Dfl.calm.seeds=2000} with {@code fl.calm.ops}, {@code fl.calm.thinkTicks}, {@code
 * fl.calm.durationTicks}, {@code fl.calm.drawShape} and {@code fl.calm.options} ({@code k=v;k=v},
 * the option itself added) as the mutation campaign's settings.
 */
@EnabledIfSystemProperty(named = "fl.calm.protocol", matches = ".+")
class CalmLatencyMarginTest {

  @Test
  void correctSeedsMeetTheCalmBound() {
    String protocol = System.getProperty("fl.calm.protocol");
    FuzzConfig config = config(protocol);
    ClusterSpec spec = ProtocolRegistry.DEFAULT.byName(protocol);
    long first = Long.getLong("fl.calm.firstSeed", 1L);
    long seeds = Long.getLong("fl.calm.seeds", 100L);
    List<String> calmFailures = new ArrayList<>();
    long worst = 0;
    long worstSeed = -1;
    long declared = -1;
    int judgedRuns = 0;
    int windowsMidRun = 0;
    int passed = 0;
    long judgedMidRun = 0;
    for (long seed = first; seed < first + seeds; seed++) {
      Scenario s = SwarmPlan.draw(config, seed).scenario();
      RunPlan plan = ScenarioRunner.plan(s, spec);
      ClusterRun.Result r = ClusterRun.run(plan);
      SettledLatency bound = spec.calmLatency(plan.params());
      if (bound == null || r.world() == null) {
        continue;
      }
      judgedRuns++;
      declared = bound.settleTicks();
      List<CalmWindow> windows = r.world().calmWindows();
      windowsMidRun +=
          (int) windows.stream().filter(w -> w.untilTick() < plan.durationTicks()).count();
      if (r.message() != null && r.message().contains("calm stretch")) {
        calmFailures.add(
            "seed "
                + seed
                + (r.progressLimit() != null ? " (excused by a limit)" : "")
                + ": "
                + r.message());
      }
      if (!r.passed()) {
        continue; // a progress limit, or another failure: no margin to measure
      }
      passed++;
      judgedMidRun += judgedBeforeTheLastWindow(bound, windows, plan, r);
      long needed =
          CalmLatencyCheck.neededSettleTicks(
              bound.opTicks(),
              windows,
              SettledLatencyCheck.longestDelay(plan),
              r.history(),
              plan.params().workload().size(),
              r.outcome().tick());
      if (needed > worst) {
        worst = needed;
        worstSeed = seed;
      }
    }
    System.out.printf(
        "calm margin %s: seeds %d..%d, judged runs %d, passed %d, calm windows ending in the fault"
            + " period %d, operations judged in a window a fault ended %d, calm failures %d,"
            + " declared settle %d, most needed %d (seed %d)%n",
        protocol,
        first,
        first + seeds - 1,
        judgedRuns,
        passed,
        windowsMidRun,
        judgedMidRun,
        calmFailures.size(),
        declared,
        worst,
        worstSeed);
    assertEquals(List.of(), calmFailures);
  }

  /** The campaign's settings from the {@code fl.calm.*} properties, with the option on. */
  private static FuzzConfig config(String protocol) {
    TreeMap<String, String> options = new TreeMap<>();
    for (String pair : System.getProperty("fl.calm.options", "").split(";")) {
      if (!pair.isBlank()) {
        String[] kv = pair.split("=", 2);
        options.put(kv[0].trim(), kv[1].trim());
      }
    }
    options.put(SettledLatency.CALM_OPTION, "true");
    return new FuzzConfig(
        protocol,
        null,
        3,
        3,
        Integer.getInteger("fl.calm.ops", 60),
        Long.getLong("fl.calm.thinkTicks", 10L),
        Long.getLong("fl.calm.durationTicks", 0L),
        0,
        options,
        Boolean.getBoolean("fl.calm.drawShape"));
  }

  /** Operations a window that a later fault ended judged (what the settled bound never sees). */
  private static int judgedBeforeTheLastWindow(
      SettledLatency bound, List<CalmWindow> windows, RunPlan plan, ClusterRun.Result r) {
    long delay = SettledLatencyCheck.longestDelay(plan);
    int judged = 0;
    for (dev.faultline.sim.api.HistoryEvent e : r.history()) {
      if (e.type() != dev.faultline.sim.api.HistoryEvent.Type.INVOKE
          || e.process() >= plan.params().workload().size()) {
        continue;
      }
      for (CalmWindow w : windows) {
        long settled = w.fromTick() + delay + bound.settleTicks();
        long deadline = Math.max(e.timeTicks(), settled) + bound.opTicks();
        if (w.untilTick() != Long.MAX_VALUE && deadline < w.untilTick()) {
          judged++;
          break;
        }
      }
    }
    return judged;
  }
}
