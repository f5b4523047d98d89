package dev.faultline.protocols.raft;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * A step rule that keeps its own memory of the nodes ({@code checkSteps}): it judges the steps of
 * an event once, however often the world asks after that event, and starts its memory afresh for
 * each run (a new view, or a new node list). Under the explorer no steps are recorded and it holds.
 */
abstract class OncePerEventRules implements Invariant {
  private SystemView view;
  private List<NodeId> nodes;
  private long judgedAt = Long.MIN_VALUE;
  private String verdict;

  @Override
  public final boolean judgesSteps() {
    return true;
  }

  @Override
  public final String check(SystemView view) {
    List<Step> steps = view.lastSteps();
    if (steps == null || !judges(view)) {
      return null; // not recorded here (the explorer)
    }
    if (view != this.view || view.nodes() != nodes) {
      this.view = view;
      nodes = view.nodes();
      judgedAt = Long.MIN_VALUE;
      forget(nodes.size());
    }
    if (view.changeCount() != judgedAt) {
      judgedAt = view.changeCount();
      verdict = judge(steps);
    }
    return verdict;
  }

  /** Whether this run can be judged at all (e.g. it keeps labels); by default every one. */
  boolean judges(SystemView view) {
    return true;
  }

  /** A new run of {@code nodeCount} nodes: nothing remembered of any. */
  abstract void forget(int nodeCount);

  /** The steps of the event that just ended: null if they keep the rule, else what broke. */
  abstract String judge(List<Step> steps);

  /** The run being judged. */
  final SystemView view() {
    return view;
  }

  /** Its nodes, by position. */
  final List<NodeId> nodes() {
    return nodes;
  }
}
