package dev.faultline.scenario.contract;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.protocols.Protocols;
import dev.faultline.scenario.cli.ExitCodes;
import dev.faultline.scenario.testkit.Cli.Run;
import dev.faultline.scenario.testkit.ToyKv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registering is all a protocol needs: {@link ToyKv} lives only in this test source set and is
 * registered by one line in its {@code META-INF/services/dev.faultline.sim.api.ClusterSpec}; no
 * command, registry or test names it, yet every CLI command takes it and the contract suite covers
 * it.
 */
class ToyProtocolEverywhereTest {
  @TempDir Path dir;

  @Test
  void theRegistryFindsItThroughItsServicesLine() {
    assertTrue(Protocols.names().contains(ToyKv.NAME), Protocols.names().toString());
    assertTrue(Protocols.byName(ToyKv.NAME) instanceof ToyKv);
  }

  @Test
  void everyCommandTakesIt() throws Exception {
    Run list = cli("list");
    assertEquals(ExitCodes.OK, list.code(), list.err());
    assertTrue(list.out().contains("  toykv  ") && list.out().contains("BOOM"), list.out());

    Path fuzzOut = dir.resolve("fuzz");
    Run fuzz =
        cli(
            "fuzz",
            "--protocol",
            "toykv",
            "--variant",
            "BOOM",
            "--seeds",
            "1",
            "--ops",
            "30",
            "--out",
            fuzzOut.toString());
    assertEquals(ExitCodes.VIOLATION, fuzz.code(), fuzz.out() + fuzz.err());
    Path failing = fuzzOut.resolve("failure-1.json");
    assertTrue(Files.exists(failing), fuzz.out());

    Path shrunk = dir.resolve("shrunk.json");
    Run shrink = cli("shrink", failing.toString(), "--out", shrunk.toString());
    assertEquals(ExitCodes.OK, shrink.code(), shrink.out() + shrink.err());
    assertTrue(Files.exists(shrunk), shrink.out());

    Path runOut = dir.resolve("run");
    Run run = cli("run", shrunk.toString(), "--out", runOut.toString());
    // The shrunk file expects the property it violates, so replaying it passes while the bug is
    // there (a regression scenario), and still names the violation.
    assertEquals(ExitCodes.OK, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("VIOLATED ToySafety"), run.out());

    Path html = dir.resolve("toy.html");
    Run report = cli("report", runOut.resolve("trace.jsonl").toString(), "-o", html.toString());
    assertEquals(ExitCodes.OK, report.code(), report.out() + report.err());
    assertTrue(Files.size(html) > 0);

    Run explore =
        cli(
            "explore",
            "--protocol",
            "toykv",
            "--variant",
            "STALE",
            "--clients",
            "1",
            "--ops",
            "4",
            "--out",
            dir.resolve("explore").toString());
    assertEquals(ExitCodes.VIOLATION, explore.code(), explore.out() + explore.err());
    assertTrue(explore.out().contains("Linearizability"), explore.out());
  }

  @Test
  void theContractSuiteCoversIt() {
    List<String> protocols =
        new ProtocolContractTest()
            .everyRegisteredProtocolMeetsTheContract()
            .map(DynamicNode::getDisplayName)
            .toList();
    assertTrue(protocols.contains(ToyKv.NAME), protocols.toString());
    DynamicContainer toy = ProtocolContractTest.contract(new ToyKv());
    List<String> checks = toy.getChildren().map(DynamicNode::getDisplayName).toList();
    assertTrue(checks.contains("fresh invariants equal built ones"), checks.toString());
    assertTrue(checks.contains("hunts"), checks.toString());
  }
}
