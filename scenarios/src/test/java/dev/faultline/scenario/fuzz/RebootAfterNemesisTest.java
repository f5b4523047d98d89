package dev.faultline.scenario.fuzz;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.cli.ExitCodes;
import dev.faultline.scenario.cli.UserError;
import dev.faultline.scenario.io.ScenarioReader;
import dev.faultline.scenario.io.ScenarioWriter;
import dev.faultline.scenario.model.ProtocolRegistry;
import dev.faultline.scenario.model.Scenario;
import dev.faultline.scenario.run.RunOptions;
import dev.faultline.scenario.run.ScenarioResult;
import dev.faultline.scenario.run.ScenarioRunner;
import dev.faultline.scenario.testkit.Cli.Run;
import dev.faultline.sim.fault.Fault;
import dev.faultline.sim.fault.ScheduledFault;
import dev.faultline.sim.trace.InMemoryTrace;
import dev.faultline.sim.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm's state-aware nemesis {@code reboot-after} (reboot a node right after it grants a
 * vote): in the file format, in the swarm plan, and what it is for: Raft R3 (the vote is not on
 * disk before the reply) at a pinned swarm seed, where correct Raft passes and the same seed
 * without the nemesis does not trip R3.
 */
class RebootAfterNemesisTest {
  private static final ScenarioReader READER = new ScenarioReader(ProtocolRegistry.DEFAULT);

  /** The first R3 (ElectionSafety) seed of the range starting at 300001: its 32nd seed. */
  static final long R3_SEED = 300_032;

  @TempDir Path dir;

  private static final String FILE =
      """
      {"name": "reboot-after", "protocol": "raft", "variant": "R3", "nodes": 3, "clients": 1,
       "workload": {"script": [[{"f": "put", "key": "x", "value": "c1-1", "notBeforeTick": 100}]]},
       "faults": [{"at": 10, "type": "reboot-after", "key": "vote", "downTicks": 2}],
       "seed": 3, "durationTicks": 1000, "stabilizeTicks": 2000, "expect": "pass"}
      """;

  @Test
  void readsWritesAndRoundTrips() {
    Scenario s = READER.parse(FILE, "reboot.json");
    assertEquals(
        List.of(new ScheduledFault(10, new Fault.RebootAfterAnnotation("vote", 2))), s.faults());
    String json = ScenarioWriter.toJson(s);
    assertTrue(json.contains("\"type\" : \"reboot-after\"") || json.contains("\"reboot-after\""));
    assertEquals(s, READER.parse(json, "again.json"));
  }

  @Test
  void malformedRebootAfterIsOneLineNamingFileAndField() {
    String[][] cases = {
      {"\"key\": \"vote\"", "\"key\": \" \"", "faults[0].key"},
      {"\"downTicks\": 2", "\"downTicks\": -1", "faults[0].downTicks"},
      {", \"downTicks\": 2", "", "downTicks"},
      {"\"downTicks\": 2", "\"downTicks\": 2, \"node\": \"s1\"", "node"},
    };
    for (String[] c : cases) {
      String bad = FILE.replace(c[0], c[1]);
      assertNotEquals(FILE, bad, c[0]);
      UserError e = assertThrows(UserError.class, () -> READER.parse(bad, "bad.json"), c[1]);
      assertTrue(e.getMessage().startsWith("bad.json:"), e.getMessage());
      assertTrue(e.getMessage().contains(c[2]), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void swarmArmsRebootAfterOnItsOwnStreamLeavingOtherSeedsAsTheyWere() {
    FuzzConfig c = FuzzConfig.of("raft", "R3");
    int with = 0;
    for (long seed = 1; seed <= 40; seed++) {
      SwarmPlan.Drawn d = SwarmPlan.draw(c, seed);
      boolean armed =
          d.scenario().faults().stream()
              .anyMatch(
                  f ->
                      f.fault() instanceof Fault.RebootAfterAnnotation r
                          && r.key().equals("vote")
                          && r.downTicks() >= 0);
      assertEquals(d.kinds().contains(SwarmPlan.Kind.REBOOT_AFTER), armed, "seed " + seed);
      with += armed ? 1 : 0;
      assertEquals(d.scenario(), READER.parse(ScenarioWriter.toJson(d.scenario()), "s.json"));
    }
    assertTrue(with > 8 && with < 32, "reboot-after on in " + with + " of 40 seeds");
  }

  @Test
  void pinnedSwarmSeedTripsR3ThroughTheNemesisWhileCorrectRaftPasses() {
    SwarmPlan.Drawn d = SwarmPlan.draw(FuzzConfig.of("raft", "R3"), R3_SEED);
    assertTrue(d.kinds().contains(SwarmPlan.Kind.REBOOT_AFTER), d.kinds().toString());
    InMemoryTrace trace = new InMemoryTrace();
    ScenarioResult r = ScenarioRunner.run(d.scenario(), RunOptions.DEFAULT, trace);
    assertEquals("ElectionSafety", r.property(), r.message());
    assertTrue(
        trace.ofType(TraceEvent.NetworkChange.class).stream()
            .anyMatch(n -> n.description().startsWith("reboot-after vote: ")),
        "a voter was rebooted right after voting");

    // The nemesis is what trips it: the same seed without the reboot-after faults does not.
    List<ScheduledFault> rest =
        d.scenario().faults().stream()
            .filter(f -> !(f.fault() instanceof Fault.RebootAfterAnnotation))
            .toList();
    assertNotEquals("ElectionSafety", ScenarioRunner.run(d.scenario().withFaults(rest)).property());

    // Correct Raft under the very same plan (variant off) stays clean.
    Scenario correct = SwarmPlan.scenario(FuzzConfig.of("raft", null), R3_SEED);
    assertEquals(d.scenario().faults(), correct.faults());
    ScenarioResult ok = ScenarioRunner.run(correct);
    assertNull(ok.property(), ok.message());
  }

  @Test
  void theFuzzersFailureFileReplaysToTheSameViolationDeterministically() throws Exception {
    Run fuzz =
        cli(
            "fuzz",
            "--protocol",
            "raft",
            "--variant",
            "R3",
            "--servers", // the pinned seed is a fixed-shape seed
            "3",
            "--first-seed",
            Long.toString(R3_SEED),
            "--seeds",
            "1",
            "--threads",
            "1",
            "--no-shrink",
            "--out",
            dir.toString());
    assertEquals(ExitCodes.VIOLATION, fuzz.code(), fuzz.out() + fuzz.err());
    Path file = dir.resolve("failure-" + R3_SEED + ".json");
    assertTrue(Files.readString(file).contains("reboot-after"));
    Run a = cli("run", file.toString(), "--out", dir.resolve("a").toString());
    Run b = cli("run", file.toString(), "--out", dir.resolve("b").toString());
    assertEquals(ExitCodes.VIOLATION, a.code(), a.out() + a.err());
    assertTrue(a.out().contains("VIOLATED ElectionSafety"), a.out());
    assertEquals(
        Files.readString(dir.resolve("a/trace.jsonl")),
        Files.readString(dir.resolve("b/trace.jsonl")),
        "same file, same trace");
  }
}
