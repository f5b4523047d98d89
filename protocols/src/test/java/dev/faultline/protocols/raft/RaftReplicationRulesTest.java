package dev.faultline.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.faultline.check.run.ClusterRun;
import dev.faultline.check.run.RunPlan;
import dev.faultline.protocols.common.Delegating;
import dev.faultline.protocols.common.FilteredEffects;
import dev.faultline.protocols.common.PlantedSpec;
import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The replication step rules ({@link RaftReplicationRules}) and the config-learned label rule
 * ({@link RaftConfigLabelRules}), all under the {@code checkSteps} option: correct Raft keeps them,
 * with and without membership changes, and a server planted with the slip each names breaks it,
 * although the same run without the option passes every other check.
 */
class RaftReplicationRulesTest {
  private static final int SEEDS = 12;

  private static RaftFuzzPlan checked(long seed, boolean membership, boolean steps) {
    RaftFuzzPlan plan =
        RaftFuzzPlan.draw(seed, membership)
            .withOption("snapshotEvery", "4")
            .withOption("checkRules", "true")
            .withOption("checkPersistence", "true")
            .withOption("checkCopies", "true")
            .withOption("checkLabels", "true");
    return steps ? plan.withOption("checkSteps", "true") : plan;
  }

  @Test
  void correctRaftKeepsTheRulesWithAndWithoutMembershipChanges() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      for (boolean membership : new boolean[] {false, true}) {
        ClusterRun.Result r = ClusterRun.run(checked(seed, membership, true).plan(seed, null));
        assertNull(r.property(), seed + " membership " + membership + ": " + r.message());
      }
    }
  }

  @Test
  void aLeaderThatResendsOnADuplicateAcknowledgementBreaksTheOldNewsRule() {
    caught("OldNewsSendsNothing", false, ResendsOnNoProgress::new, "moved none of its indexes");
  }

  @Test
  void aNewMemberStartedInsideTheLogBreaksTheNewMemberRule() {
    caught("NewMemberStartsPastLog", true, StartsNewMembersEarly::new, "held no nextIndex for");
  }

  @Test
  void aTimerThatKeepsTheLastEventsAppliedRecordBreaksTheAppliedRule() {
    caught("AppliedRecordIsThisStep", false, KeepsAppliedOnTimers::new, "reports applying");
  }

  @Test
  void aConfigurationTakenWithoutItsLabelBreaksTheLabelRule() {
    caught("ConfigLearnedLabelled", true, UnlabelledConfig::new, "latest config-learned label");
  }

  /**
   * Some of the first {@link #SEEDS} seeds fail {@code rule} with every server made by {@code
   * make}, none fails another property, and the first failing seed passes without the option.
   */
  private static void caught(
      String rule,
      boolean membership,
      Function<RaftNode, Delegating<RaftState, RaftMessage, RaftTimer>> make,
      String detail) {
    PlantedStepRuns.caught(
        rule, detail, SEEDS, true, (seed, steps) -> planted(seed, membership, steps, make));
  }

  private static RunPlan planted(
      long seed,
      boolean membership,
      boolean steps,
      Function<RaftNode, Delegating<RaftState, RaftMessage, RaftTimer>> make) {
    RunPlan correct = checked(seed, membership, steps).plan(seed, null);
    return new PlantedSpec(
            new RaftSpec(),
            "raft with a planted step",
            (nodes, servers) -> {
              RaftConfig config = RaftConfig.from(servers, null, correct.params().options());
              for (NodeId s : servers) {
                nodes.put(s, make.apply(new RaftNode(config)));
              }
            })
        .on(correct);
  }

  /**
   * A leader that, on an AppendReply that moves neither index, sends the sender what follows its
   * nextIndex anyway when it holds more (a duplicate acknowledgement taken for progress).
   */
  private record ResendsOnNoProgress(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      long match = s.matchIndex.getOrDefault(from, -1L);
      long next = s.nextIndex.getOrDefault(from, -1L);
      boolean leading = s.role == RaftRole.LEADER;
      correct.onMessage(s, from, m, out);
      if (m instanceof AppendReply r
          && leading
          && s.role == RaftRole.LEADER
          && r.term() == s.term
          && s.matchIndex.getOrDefault(from, -1L) == match
          && next > s.log.baseIndex()
          && next <= s.log.lastIndex()
          && s.nextIndex.getOrDefault(from, -1L) == next) {
        out.send(from, (RaftMessage) RaftStepRules.expectedAppend(s, next));
      }
    }
  }

  /**
   * A leader whose first AppendEntries to a member it had no nextIndex for starts two entries
   * inside its log (the member then refuses, and nextIndex walks down as usual).
   */
  private record StartsNewMembersEarly(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      correct.onMessage(s, from, m, early(s, out));
    }

    @Override
    public void onTimer(RaftState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
      correct.onTimer(s, t, early(s, out));
    }

    private static Effects<RaftMessage, RaftTimer> early(
        RaftState s, Effects<RaftMessage, RaftTimer> out) {
      List<NodeId> known = new ArrayList<>();
      for (int i = 0; i < s.nextIndex.size(); i++) {
        known.add(s.nextIndex.keyAt(i));
      }
      boolean leading = s.role == RaftRole.LEADER;
      return new FilteredEffects<>(
          out,
          (to, m) -> {
            if (leading
                && m instanceof AppendEntries a
                && !known.contains(to)
                && a.prevLogIndex() - 2 > s.log.baseIndex()) {
              out.send(to, (RaftMessage) RaftStepRules.expectedAppend(s, a.prevLogIndex() - 1));
              return false;
            }
            return true;
          },
          (k, v) -> true);
    }
  }

  /** A server whose timers leave the last event's applied entries recorded as this event's. */
  private record KeepsAppliedOnTimers(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onTimer(RaftState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
      List<RaftState.Applied> kept = new ArrayList<>(s.justApplied());
      long applied = s.lastApplied;
      correct.onTimer(s, t, out);
      if (s.lastApplied == applied) {
        kept.forEach(s::noteApplied);
      }
    }
  }

  /** A server that takes configuration entries without the config-learned label. */
  private record UnlabelledConfig(RaftNode correct)
      implements Delegating<RaftState, RaftMessage, RaftTimer> {
    @Override
    public void onMessage(
        RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
      correct.onMessage(
          s,
          from,
          m,
          new FilteredEffects<>(
              out, (to, sent) -> true, (k, v) -> !k.equals(Annotations.CONFIG_LEARNED)));
    }
  }
}
