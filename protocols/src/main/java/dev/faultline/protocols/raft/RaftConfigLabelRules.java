package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.AppendEntries;
import dev.faultline.protocols.raft.RaftMessage.AppendReply;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * A step rule on a label ({@link RaftStepRules}, the {@code checkSteps} option): a server that
 * appends a configuration entry it did not hold from a leader's AppendEntries labels it {@code
 * config-learned}, naming the newest such entry, its index and the leader. The state-aware nemesis
 * aims at this label (a follower lost right after it took a configuration) and reports show it, so
 * a step that takes a configuration without the label hides it from both. A rule of its own, not
 * one of {@link RaftStepRules}' shared ones, because it reads the run's labels.
 *
 * <p>It keeps each server's log as it was before its next step (a copy-on-write copy, O(1)), as the
 * shared rules keep whole states. Only a simulated run records steps and labels.
 */
final class RaftConfigLabelRules extends OncePerEventRules {
  private RaftLog[] before = new RaftLog[0];

  @Override
  public String name() {
    return "ConfigLearnedLabelled";
  }

  @Override
  boolean judges(SystemView view) {
    return view.keepsAnnotations(); // the explorer keeps no labels
  }

  @Override
  void forget(int nodeCount) {
    before = new RaftLog[nodeCount];
  }

  @Override
  String judge(List<Step> steps) {
    String verdict = null;
    for (Step step : steps) {
      NodeState<?> state = view().stateAt(step.position());
      RaftState after = state instanceof RaftState r ? r : null;
      RaftLog was = before[step.position()];
      if (verdict == null && was != null && after != null && step.kind() != Step.Kind.BOOT) {
        String broke = judge(view(), step, was);
        verdict = broke == null ? null : step.node() + " " + broke;
      }
      before[step.position()] = after == null ? null : after.log.copy();
    }
    return verdict;
  }

  /** Null if an accepted AppendEntries that brought a new configuration entry left its label. */
  static String judge(SystemView view, Step step, RaftLog before) {
    if (!(step.message() instanceof AppendEntries a) || !accepted(step)) {
      return null;
    }
    long learned = newestConfigTaken(before, a);
    if (learned < 0) {
      return null;
    }
    RaftEntry e = a.entries().get((int) (learned - a.prevLogIndex() - 1));
    String expected = e.command() + " at index " + learned + " from " + step.from();
    String label = view.latestAnnotation(step.node(), Annotations.CONFIG_LEARNED);
    if (!expected.equals(label)) {
      return "took configuration entry "
          + learned
          + " from "
          + step.from()
          + " but its latest config-learned label is "
          + label;
    }
    return null;
  }

  /** The step answered with a success: the request's entries past the snapshot are in the log. */
  private static boolean accepted(Step step) {
    List<Step.Sent> sent = step.sent();
    return sent.size() == 1 && sent.get(0).message() instanceof AppendReply r && r.success();
  }

  /**
   * The index of the newest configuration entry of {@code a} that the log before the step did not
   * hold (past its snapshot; from the first entry whose term differs from the log's, every later
   * one is new), or -1.
   */
  static long newestConfigTaken(RaftLog before, AppendEntries a) {
    long newest = -1;
    boolean taking = false;
    for (int k = 0; k < a.entries().size(); k++) {
      long index = a.prevLogIndex() + 1 + k;
      if (index <= before.baseIndex()) {
        continue; // covered by the snapshot: skipped
      }
      RaftEntry e = a.entries().get(k);
      if (!taking && !(before.has(index) && before.termAt(index) == e.term())) {
        taking = true; // the first entry the log did not hold: it and all after it are taken
      }
      if (taking && e.command() instanceof RaftCommand.ConfigCommand) {
        newest = index;
      }
    }
    return newest;
  }
}
