package dev.faultline.scenario.explore;

import static dev.faultline.scenario.testkit.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.scenario.testkit.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smaller-model flags: named in the result, recorded in the file, refused when negative. */
class ExploreCommandBoundsTest {
  @TempDir Path dir;

  private Run r3(String sub, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "explore",
                "--protocol",
                "raft",
                "--variant",
                "R3",
                "--clients",
                "0",
                "--max-crashes",
                "1",
                "--max-depth",
                "8",
                "--option",
                "preVote=false",
                "--option",
                "checkQuorum=false",
                "--out",
                dir.resolve(sub).toString()));
    a.addAll(List.of(extra));
    return cli(a.toArray(String[]::new));
  }

  /** The result's summary lines without the timing and memory figures, which vary per run. */
  private static String stable(String out) {
    return String.join(
        "\n",
        out.lines()
            .filter(l -> !l.contains("memory:"))
            .map(l -> l.replaceAll(", [0-9.]+ unique states/s.*", ""))
            .toList());
  }

  @Test
  void timerRepeatBoundFindsR3AndIsNamedAndRecorded() throws Exception {
    Run r = r3("bounded", "--max-timer-repeats", "1");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("ElectionSafety"), r.out());
    assertTrue(r.out().contains("max-timer-repeats=1"), r.out());
    Path file = dir.resolve("bounded").resolve("explore-raft-R3.json");
    assertTrue(Files.readString(file).contains("maxTimerRepeats"), Files.readString(file));
    // A bounded path is a path of the full model: `run` replays it to the same violation.
    Run replay = cli("run", file.toString(), "--out", dir.resolve("replay").toString());
    assertEquals(1, replay.code(), replay.out() + replay.err());
    assertTrue(replay.out().contains("ElectionSafety"), replay.out());
  }

  @Test
  void aBoundThatCutsStepsSaysSoAndThreadsGiveTheSameResult() {
    Run one = r3("t1", "--max-in-flight-per-link", "1", "--threads", "1");
    Run two = r3("t2", "--max-in-flight-per-link", "1", "--threads", "2");
    // One unread message per link hides R3 within 8 steps (a leader's vote request and its
    // heartbeat must both be in flight): no violation, and the result says the bound cut steps.
    assertEquals(3, one.code(), one.out());
    assertTrue(one.out().contains("max-in-flight-per-link=1 (limited the search)"), one.out());
    assertEquals(stable(one.out()).replace("t1", "tX"), stable(two.out()).replace("t2", "tX"));
  }

  @Test
  void negativeBoundIsOneLineExit2() {
    Run r = r3("bad", "--max-timer-fires", "-1");
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--max-timer-fires"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}
