package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.Delegating;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.lang.reflect.Field;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code GhostsMatchState} (option {@code checkLabels}): correct Raft passes it, and servers whose
 * ghosts under-report (the applied list emptied, the installed snapshot dropped, the log's removals
 * forgotten) fail it, while every other check still passes on the same run.
 */
class RaftGhostInvariantsTest {
  private static final String NAME = "GhostsMatchState";

  private static RaftFuzzPlan checked(long seed, boolean membership) {
    return RaftFuzzPlan.draw(seed, membership)
        .withOption("checkLabels", "true")
        .withOption("snapshotEvery", "4");
  }

  @Test
  void correctRaftPasses() {
    for (long seed : new long[] {7, 11, 100_003}) {
      ClusterRun.Result r = ClusterRun.run(checked(seed, seed > 100_000).plan(seed, null));
      assertNull(r.property(), seed + ": " + r.message());
    }
  }

  /** Servers whose applied list is emptied after each event (the judge then sees no apply). */
  @Test
  void anEmptiedAppliedListIsCaught() {
    ClusterRun.Result r = withGhostsBroken(7, s -> {}, RaftState::forgetApplied);
    assertEquals(NAME, r.property(), r.message());
    assertTrue(r.message().contains("but this event reports applying through"), r.message());
  }

  /** Servers that forget which snapshot they installed (the judge then skips the install). */
  @Test
  void aDroppedInstallIsCaught() {
    ClusterRun.Result r = withGhostsBroken(11, s -> {}, s -> s.justInstalled = null);
    assertEquals(NAME, r.property(), r.message());
    assertTrue(r.message().contains("but this event reports applying through"), r.message());
  }

  /**
   * Servers whose log forgets the tail removals of each event (its count set back after the event):
   * the log-matching check would keep trusting pairs it compared before the removal.
   */
  @Test
  void aForgottenTruncationIsCaught() {
    int[] count = new int[1];
    ClusterRun.Result r =
        withGhostsBroken(
            15, // a seed whose run truncates a log (4 of the first 59 do)
            s -> count[0] = s.log.truncationCount(),
            s -> setTruncations(s.log, Math.min(count[0], s.log.truncationCount())));
    assertEquals(NAME, r.property(), r.message());
    assertTrue(r.message().contains("records no removal"), r.message());
  }

  private static void setTruncations(RaftLog log, int count) {
    try {
      Field f = RaftLog.class.getDeclaredField("truncations");
      f.setAccessible(true);
      f.setInt(log, count);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The run of {@code seed} (snapshots every 4 entries, every check option on) with servers that
   * call {@code before} and {@code after} around each event of the correct node.
   */
  private static ClusterRun.Result withGhostsBroken(
      long seed, Consumer<RaftState> before, Consumer<RaftState> after) {
    RaftFuzzPlan plan =
        checked(seed, false)
            .withOption("checkPersistence", "true")
            .withOption("checkRules", "true")
            .withOption("checkCopies", "true");
    RunPlan correct = plan.plan(seed, null);
    assertNull(ClusterRun.run(correct).property());
    RunPlan planted =
        new PlantedSpec(
                new RaftSpec(),
                "raft whose servers' ghosts under-report",
                (nodes, servers) -> {
                  RaftConfig config = RaftConfig.from(servers, null, correct.params().options());
                  for (NodeId s : servers) {
                    nodes.put(s, new GhostBreaking(new RaftNode(config), before, after));
                  }
                })
            .on(correct);
    return ClusterRun.run(planted);
  }

  /** The correct server with {@code before} and {@code after} run around each of its events. */
  private record GhostBreaking(
      RaftNode correct, Consumer<RaftState> before, Consumer<RaftState> after)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {

    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      before.accept(s);
      correct.onMessage(s, from, m, out);
      after.accept(s);
    }

    @Override
    public void onTimer(RaftState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
      before.accept(s);
      correct.onTimer(s, t, out);
      after.accept(s);
    }
  }
}
