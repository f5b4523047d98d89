package dev.faultline.scenario.debug;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import org.junit.jupiter.api.Test;

/**
 * {@code faultline debug SCENARIO --at K} from the command line: a scenario file is accepted as the
 * start (the session is built before the port is looked at, so a bad port proves it was), and what
 * the model cannot follow is one line naming the file, the event and why, exit 2.
 */
class DebugScenarioCommandTest {
  private static String file(String name) {
    return TraceMatchTest.library(name).toString();
  }

  private static void assertOneLine(Run r) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void aRaftScenarioPrefixIsAcceptedAsTheStart() {
    Run r =
        cli("debug", file("raft/r1-vote-without-log-check.json"), "--at", "100", "--port", "-1");
    assertOneLine(r);
    assertTrue(r.err().contains("--port: must be in [0, 65535], was -1"), r.err());
  }

  @Test
  void aPrefixPastWhatTheModelCanFollowNamesTheFileTheEventAndWhy() {
    String f = file("pb/pb-backup-reboot-during-block.json");
    Run r = cli("debug", f, "--at", "100");
    assertOneLine(r);
    assertTrue(
        r.err()
            .contains(
                f
                    + ": event 29 (duplicate vs->c3): the debugger's model does not duplicate"
                    + " messages; the explorer's model follows the run only to event 29, so --at"
                    + " must be at most that"),
        r.err());
    assertEquals(2, cli("debug", f, "--at", "29", "--port", "-1").code());
  }

  @Test
  void aPrefixLongerThanTheRunStatesTheRange() {
    Run r = cli("debug", file("raft/r1-vote-without-log-check.json"), "--at", "100000");
    assertOneLine(r);
    assertTrue(
        r.err().contains("--at: must be in [0, 244] (the run's trace events), was 100000"),
        r.err());
  }

  @Test
  void aClusterTooBigForTheModelIsOneLine() {
    String f = file("multipaxos/reconfig-lone-acceptor-crashes.json");
    Run r = cli("debug", f, "--at", "10");
    assertOneLine(r);
    assertTrue(r.err().contains(f + ": the explorer's model cannot hold this run"), r.err());
  }
}
