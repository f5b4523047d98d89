package dev.faultline.scenario.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.cli.ExitCodes;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.testkit.ToyScenarios;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {
  private static final RunOptions OPTIONS =
      RunOptions.DEFAULT.withRegistry(ToyScenarios.REGISTRY).withHashTrace(true);

  @Test
  void correctToyPassesAndEveryOpCompletes() {
    ScenarioResult r = ScenarioRunner.run(ToyScenarios.scenario(null, "pass"), OPTIONS);
    assertEquals(Verdict.PASS, r.verdict(), r.message());
    assertNull(r.property());
    long oks = r.history().stream().filter(e -> e.type() == HistoryEvent.Type.OK).count();
    assertEquals(40, oks, "every generated op completed");
    assertEquals(ExitCodes.OK, r.exitCode());
  }

  @Test
  void sameScenarioGivesTheSameTraceHashAndAnotherSeedDoesNot() {
    Scenario s = ToyScenarios.scenario(null, "pass");
    String a = ScenarioRunner.run(s, OPTIONS).traceSha256();
    String b = ScenarioRunner.run(s, OPTIONS).traceSha256();
    String c = ScenarioRunner.run(s.withSeed(8), OPTIONS).traceSha256();
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void invariantViolationStopsTheRunAndNamesTheProperty() {
    ScenarioResult r = ScenarioRunner.run(ToyScenarios.scenario("BOOM", "ToySafety"), OPTIONS);
    assertEquals(Verdict.VIOLATION, r.verdict());
    assertEquals("ToySafety", r.property());
    assertTrue(r.expectationMet());
    assertEquals(ExitCodes.OK, r.exitCode(), "expected violation happened: regression test passes");
    assertTrue(r.outcome().tick() < 2000, "stopped early at the violation");
  }

  @Test
  void expectedViolationThatDoesNotHappenFails() {
    ScenarioResult r = ScenarioRunner.run(ToyScenarios.scenario(null, "ToySafety"), OPTIONS);
    assertEquals(Verdict.PASS, r.verdict());
    assertFalse(r.expectationMet());
    assertEquals(ExitCodes.VIOLATION, r.exitCode());
  }

  @Test
  void unexpectedViolationExitsOne() {
    ScenarioResult r = ScenarioRunner.run(ToyScenarios.scenario("BOOM", "pass"), OPTIONS);
    assertEquals(ExitCodes.VIOLATION, r.exitCode());
  }

  @Test
  void clientThatIsNeverAnsweredIsALivenessViolation() {
    ScenarioResult r = ScenarioRunner.run(ToyScenarios.scenario("MUTE2", "Liveness"), OPTIONS);
    assertEquals("Liveness", r.property(), r.message());
    assertTrue(r.message().startsWith("client c2 completed 0 of 20"), r.message());
  }

  @Test
  void stabilizeIsScheduledAtDurationTicks() {
    InMemoryTrace trace = new InMemoryTrace();
    ScenarioRunner.run(ToyScenarios.scenario(null, "pass"), OPTIONS, trace);
    assertTrue(
        trace.ofType(TraceEvent.Partition.class).stream()
            .anyMatch(p -> p.tick() == 2000 && p.description().contains("stabilize")));
    assertEquals("toy", ((TraceEvent.RunStart) trace.events().get(0)).scenario());
  }

  @Test
  void writesTraceHistoryAndResultFiles(@TempDir Path dir) throws Exception {
    ScenarioResult r =
        ScenarioRunner.run(ToyScenarios.scenario("BOOM", "ToySafety"), OPTIONS.withOut(dir));
    assertTrue(Files.readString(dir.resolve("trace.jsonl")).contains("\"kind\":\"violation\""));
    assertEquals(r.history().size(), Files.readAllLines(dir.resolve("history.jsonl")).size());
    String result = Files.readString(dir.resolve("result.json"));
    assertTrue(result.contains("\"property\" : \"ToySafety\""), result);
    InMemoryTrace mem = new InMemoryTrace();
    ScenarioRunner.run(ToyScenarios.scenario("BOOM", "ToySafety"), OPTIONS, mem);
    assertEquals(mem.toJsonl(), Files.readString(dir.resolve("trace.jsonl")), "file = trace");
    assertEquals(mem.sha256(), r.traceSha256());
  }
}
