package dev.faultline.scenario.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.testkit.ToyKv;
import dev.faultline.scenario.testkit.ToyScenarios;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the swarm fuzzer gained so it can reach Raft R2/R3/R6/R8 and pb B2: role-targeted faults in
 * the file format, per-seed protocol options, partitions that include infrastructure nodes, and
 * known progress limits reported apart from failures.
 */
class SwarmGapsTest {
  private static final ScenarioReader READER = new ScenarioReader(ProtocolRegistry.DEFAULT);

  private static final String ROLE_FAULTS =
      """
      {"name": "role-faults", "protocol": "raft", "nodes": 3, "clients": 1,
       "workload": {"script": [[{"f": "put", "key": "x", "value": "c1-1", "notBeforeTick": 100}]]},
       "faults": [
         {"at": 500, "type": "crash-role", "role": "leader"},
         {"at": 600, "type": "restart-last"},
         {"at": 700, "type": "isolate-role", "role": "leader", "keepClients": true},
         {"at": 800, "type": "heal"}
       ],
       "seed": 3, "durationTicks": 1000, "stabilizeTicks": 2000, "expect": "pass"}
      """;

  @Test
  void roleFaultsReadWriteAndRoundTrip() {
    Scenario s = READER.parse(ROLE_FAULTS, "role-faults.json");
    assertEquals(
        List.of(
            new ScheduledFault(500, new Fault.CrashRole("leader")),
            new ScheduledFault(600, new Fault.RestartLastCrashed()),
            new ScheduledFault(700, new Fault.IsolateRole("leader", true)),
            new ScheduledFault(800, new Fault.Heal())),
        s.faults());
    assertEquals(s, READER.parse(ScenarioWriter.toJson(s), "again.json"));
  }

  @Test
  void roleFaultsHitTheLeaderOfCorrectRaftAndItRecovers() {
    Scenario s = READER.parse(ROLE_FAULTS, "role-faults.json");
    dev.faultline.sim.trace.InMemoryTrace trace = new dev.faultline.sim.trace.InMemoryTrace();
    ScenarioResult r = ScenarioRunner.run(s, RunOptions.DEFAULT, trace);
    assertNull(r.property(), r.message());
    List<dev.faultline.sim.trace.TraceEvent.Crash> crashes =
        trace.ofType(dev.faultline.sim.trace.TraceEvent.Crash.class);
    assertEquals(1, crashes.size());
    assertEquals(500, crashes.get(0).tick());
    assertEquals(600, trace.ofType(dev.faultline.sim.trace.TraceEvent.Restart.class).get(0).tick());
  }

  @Test
  void malformedRoleFaultIsOneLineNamingTheField() {
    UserError e =
        assertThrows(
            UserError.class,
            () ->
                READER.parse(
                    ROLE_FAULTS.replace("\"role\": \"leader\"}", "\"role\": \"\"}"), "bad.json"));
    assertTrue(e.getMessage().startsWith("bad.json:"), e.getMessage());
    assertTrue(e.getMessage().contains("role"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void raftSeedsDrawOptionsAndMembershipPlansThatReplayFromTheFile() {
    FuzzConfig c = FuzzConfig.of("raft", null).withOps(30);
    int smallBatches = 0;
    int plans = 0;
    int roleSeeds = 0;
    for (long seed = 1; seed <= 60; seed++) {
      SwarmPlan.Drawn d = SwarmPlan.draw(c, seed);
      Scenario s = d.scenario();
      smallBatches += s.options().containsKey("maxEntriesPerAppend") ? 1 : 0;
      plans += s.options().containsKey("reconfig") ? 1 : 0;
      if (d.kinds().contains(SwarmPlan.Kind.ROLE)) {
        roleSeeds++;
        assertTrue(
            s.faults().stream().anyMatch(f -> f.fault() instanceof Fault.CrashRole)
                || s.faults().stream().anyMatch(f -> f.fault() instanceof Fault.IsolateRole),
            "seed " + seed);
      }
      assertEquals(s, READER.parse(ScenarioWriter.toJson(s), "seed-" + seed + ".json"));
    }
    assertTrue(smallBatches > 20 && smallBatches < 60, "small batches in " + smallBatches);
    assertTrue(plans > 5 && plans < 40, "membership plans in " + plans);
    assertTrue(roleSeeds > 10 && roleSeeds < 50, "role faults in " + roleSeeds);
    // The user's fixed options win over drawn ones.
    Scenario fixed =
        SwarmPlan.scenario(
            c.withOptions(new java.util.TreeMap<>(java.util.Map.of("maxEntriesPerAppend", "3"))),
            7);
    assertEquals("3", fixed.options().get("maxEntriesPerAppend"));
  }

  @Test
  void pbPartitionsCanCutTheViewServerOff() {
    FuzzConfig c = FuzzConfig.of("pb", null).withOps(40);
    NodeId vs = NodeId.of("vs");
    boolean partitioned = false;
    boolean blocked = false;
    for (long seed = 1; seed <= 80 && !(partitioned && blocked); seed++) {
      for (ScheduledFault f : SwarmPlan.scenario(c, seed).faults()) {
        if (f.fault() instanceof Fault.Partition p
            && p.groups().stream().anyMatch(g -> g.contains(vs))) {
          partitioned = true;
        }
        if (f.fault() instanceof Fault.BlockLink b && (b.from().equals(vs) || b.to().equals(vs))) {
          blocked = true;
        }
        assertFalse(
            f.fault() instanceof Fault.Partition p
                && p.groups().stream()
                    .anyMatch(g -> g.stream().anyMatch(n -> n.name().startsWith("c"))),
            "clients stay out of partitions");
      }
    }
    assertTrue(partitioned, "some partition names the view server");
    assertTrue(blocked, "some one-way block touches the view server");
  }

  @Test
  void aDeclaredProgressLimitIsNotAFailureButAGenuineStallIs() throws Exception {
    // pb's library file for "view server down": Liveness, with the view server declaring why.
    Path vsDown =
        Path.of(System.getProperty("faultline.home", ".."))
            .resolve("scenarios/library/pb/pb-liveness-vs-down.json");
    if (!Files.exists(vsDown)) {
      vsDown = Path.of("library/pb/pb-liveness-vs-down.json");
    }
    Scenario limited = READER.parse(Files.readString(vsDown), vsDown.toString());
    ScenarioResult r = ScenarioRunner.run(limited, RunOptions.DEFAULT);
    assertEquals("Liveness", r.property());
    assertNotNull(r.progressLimit(), "the view server declared its progress limit");
    assertTrue(r.progressLimit().startsWith("vs: "), r.progressLimit());
    assertTrue(r.expectationMet(), "the library file still expects Liveness");

    // A stall no node explains (the toy's MUTE2 client-muting bug) is still a failure.
    FuzzCampaign mute =
        new FuzzCampaign(
            FuzzConfig.of(ToyKv.NAME, "MUTE2").withOps(30),
            RunOptions.DEFAULT.withRegistry(ToyScenarios.REGISTRY),
            false);
    FuzzCampaign.Summary muted = mute.run(new FuzzCampaign.Bounds(1, 5, 0, 1, 1), 1, null);
    assertFalse(muted.failures().isEmpty());
    assertTrue(muted.failures().stream().allMatch(o -> o.property().equals("Liveness")));
    assertTrue(muted.livenessLimits().isEmpty());

    // Correct pb under the swarm: progress limits are common, and counted apart.
    FuzzCampaign pb =
        new FuzzCampaign(FuzzConfig.of("pb", null).withOps(40), RunOptions.DEFAULT, false);
    FuzzCampaign.Summary sum = pb.run(new FuzzCampaign.Bounds(1, 30, 0, 1, 1), 1, null);
    assertEquals(List.of(), sum.failures());
    assertFalse(sum.livenessLimits().isEmpty(), "some seeds end in a declared progress limit");

    // The campaign view: limits are counted apart, genuine failures still fail.
    SeedOutcome atLimit =
        new SeedOutcome(1, "Liveness", "stuck", false, true, 10, 1, 1, "vs: view server down");
    SeedOutcome failing = new SeedOutcome(2, "Liveness", "stuck", false, true, 10, 1, 1, null);
    assertFalse(atLimit.failed());
    assertTrue(atLimit.atLivenessLimit());
    assertTrue(failing.failed());
    assertFalse(failing.atLivenessLimit());
  }

  @Test
  void shrinkingDropsOptionsTheFailureDoesNotNeed() {
    Scenario failing =
        new ScenarioReader(ToyScenarios.REGISTRY)
            .parse(
                ToyScenarios.text(
                    "STALE", "Linearizability", "\"options\": {\"retryTicks\": \"20\"}"),
                "toy.json");
    assertEquals("20", failing.options().get("retryTicks"));
    dev.faultline.scenario.shrink.ShrinkResult r =
        new dev.faultline.scenario.shrink.Shrinker(
                RunOptions.DEFAULT.withRegistry(ToyScenarios.REGISTRY),
                dev.faultline.scenario.shrink.Shrinker.Budget.DEFAULT)
            .shrink(failing);
    assertNotNull(r, "the STALE toy fails");
    assertTrue(r.shrunk().options().isEmpty(), "retryTicks=20 is the default: not needed");
  }
}
