package dev.faultline.scenario.docs.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.LinearizabilityInvariant;
import dev.faultline.report.ReportGenerator;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.junit.FaultlineFuzz;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.run.Verdict;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.ClusterParams;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.explore.EndCondition;
import dev.faultline.sim.explore.ExploreOptions;
import dev.faultline.sim.explore.ExploreResult;
import dev.faultline.sim.explore.Explorer;
import dev.faultline.sim.testing.Determinism;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.world.RunOutcome;
import dev.faultline.sim.world.World;
import dev.faultline.sim.world.WorldConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every step of docs/tutorial.md, run as a test: the doc quotes the tagged regions below and {@code
 * TutorialSnippetsTest} checks that the quotes still match this file.
 */
class TutorialTest {
  @TempDir Path dir;

  @Test
  void echoRunsAndReplaysFromItsSeed() throws Exception {
    // tag::echo-run[]
    InMemoryTrace trace = new InMemoryTrace();
    World world = new World(WorldConfig.of(42).withMaxTicks(1_000), Echo.cluster(3), trace);
    world.start("echo", null, "tutorial");
    RunOutcome outcome = world.runUntil(500);
    world.end(outcome.stop().name());
    Echo.State s1 = (Echo.State) world.state(NodeId.of("s1"));
    // end::echo-run[]
    assertEquals(RunOutcome.Stop.TIME_LIMIT, outcome.stop());
    assertTrue(s1.pongs > 20, "s1 counted " + s1.pongs + " pongs in 500 ticks");
    assertTrue(trace.lines().get(0).contains("\"kind\":\"start\""), trace.lines().get(0));
    // tag::echo-determinism[]
    Determinism.assertDeterministic(
        (seed, sink) -> {
          World w = new World(WorldConfig.of(seed).withMaxTicks(1_000), Echo.cluster(3), sink);
          w.runUntil(500);
          w.end("done");
        },
        1,
        2,
        3);
    // end::echo-determinism[]
  }

  @Test
  void registerScenarioPassesAndItsBugIsCaught() {
    // tag::register-run[]
    ProtocolRegistry registry = ProtocolRegistry.DEFAULT.with(new Register());
    Scenario scenario = new ScenarioReader(registry).parse(scenarioText(), "register.json");
    RunOptions options = RunOptions.DEFAULT.withRegistry(registry).withOut(dir.resolve("run"));
    ScenarioResult correct = ScenarioRunner.run(scenario, options);
    ScenarioResult forgetful =
        ScenarioRunner.run(
            scenario.withVariant("FORGETFUL").withExpect("PrimaryNotBehind"), options);
    // end::register-run[]
    assertEquals(Verdict.PASS, correct.verdict(), correct.message());
    assertEquals(Verdict.VIOLATION, forgetful.verdict());
    assertEquals("PrimaryNotBehind", forgetful.property(), forgetful.message());
    assertTrue(forgetful.expectationMet());
    assertEquals(450, forgetful.violationTick(), "found at the restart itself");
  }

  @Test
  void fuzzingPassesTheCorrectRegisterAndFindsTheBug() {
    // tag::register-fuzz[]
    FaultlineFuzz.protocol(new Register()).ops(40).seeds(20).outDir(dir).check();
    long seed =
        FaultlineFuzz.protocol(new Register())
            .variant("FORGETFUL")
            .ops(40)
            .seeds(50)
            .outDir(dir)
            .expectViolation("PrimaryNotBehind");
    // end::register-fuzz[]
    assertTrue(seed >= 1 && seed <= 50, "first failing seed " + seed);
  }

  @Test
  void explorerFindsTheShortestPathToTheBug() {
    ExploreResult forgetful = explore("FORGETFUL", 8);
    assertEquals(EndCondition.VIOLATION, forgetful.end(), forgetful.summary());
    assertEquals("PrimaryNotBehind", forgetful.property());
    // the put is issued, reaches s1, is copied to s2 and stored there; s1 crashes and restarts
    assertTrue(forgetful.path().size() <= 6, forgetful.path().toString());
    ExploreResult correct = explore(null, 8);
    assertEquals(EndCondition.BOUND_REACHED, correct.end(), correct.summary());
    assertTrue(correct.uniqueStates() > 100, correct.summary());
  }

  // tag::register-explore[]
  static ExploreResult explore(String variant, int maxDepth) {
    Register spec = new Register();
    List<List<ClientOp>> workload =
        List.of(List.of(new ClientOp("put", "x", "c1-1"), new ClientOp("get", "x", null)));
    ClusterParams params = new ClusterParams(2, variant, workload, new TreeMap<>());
    Cluster cluster = spec.build(params);
    ExploreOptions options =
        ExploreOptions.defaults().withFaults(1, 0, 0, 0).withMaxDepth(maxDepth);
    return new Explorer(
            cluster,
            () -> {
              List<Invariant> fresh = new ArrayList<>(spec.freshInvariants(params));
              fresh.add(new LinearizabilityInvariant());
              return fresh;
            },
            List.of(),
            options)
        .explore();
  }

  // end::register-explore[]

  @Test
  void everyRunLeavesAReport() throws Exception {
    ProtocolRegistry registry = ProtocolRegistry.DEFAULT.with(new Register());
    Scenario scenario = new ScenarioReader(registry).parse(scenarioText(), "register.json");
    Path out = dir.resolve("report-run");
    ScenarioRunner.run(
        scenario.withVariant("FORGETFUL"), RunOptions.DEFAULT.withRegistry(registry).withOut(out));
    // tag::register-report[]
    Path page = dir.resolve("register.html");
    ReportGenerator.fromFiles(out.resolve("trace.jsonl"), out.resolve("history.jsonl"), null)
        .title("register FORGETFUL")
        .writeHtml(page);
    // end::register-report[]
    assertTrue(Files.readString(page).contains("PrimaryNotBehind"), "the page names what broke");
  }

  private static String scenarioText() {
    return ScenarioReader.readText(
        Path.of("src/test/resources/tutorial/register-primary-restart.json"));
  }
}
