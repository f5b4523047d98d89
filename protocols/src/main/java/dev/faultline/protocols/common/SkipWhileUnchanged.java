package dev.faultline.protocols.common;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * An invariant that reads nothing but some nodes' states and disks, skipped while none of those
 * nodes changed since it last held: a check of unchanged inputs gives the same verdict. Invariants
 * run after every event, and most events touch one node, so a check over every replica redoes the
 * same work many times over (Grove's spent half a fuzz seed's CPU this way).
 *
 * <p>It relies on the view counting its changes ({@link SystemView#changeCount}): where it does not
 * (the explorer), the rule runs every time. A rule that reads anything else (the tick, the history,
 * its own memory of earlier states) must not be wrapped.
 */
public final class SkipWhileUnchanged implements Invariant {
  private final Invariant rule;
  private final List<NodeId> inputs;
  private SystemView view; // the view and node list the positions were found in
  private List<NodeId> nodes;
  private int[] positions = new int[0]; // of the inputs in nodes, -1 where absent
  private long heldAt = -1; // the change count at which the rule last held; -1: not known to hold

  private SkipWhileUnchanged(Invariant rule, List<NodeId> inputs) {
    if (rule.judgesTransitions()) {
      throw new IllegalArgumentException(rule.name() + " judges transitions: it cannot be skipped");
    }
    if (rule.judgesSteps()) {
      throw new IllegalArgumentException(rule.name() + " judges steps: it cannot be skipped");
    }
    this.rule = rule;
    this.inputs = List.copyOf(inputs);
  }

  /** {@code rule}, skipped while none of {@code inputs} (every node it reads) changed. */
  public static Invariant of(Invariant rule, List<NodeId> inputs) {
    return new SkipWhileUnchanged(rule, inputs);
  }

  @Override
  public String name() {
    return rule.name();
  }

  @Override
  public String check(SystemView view) {
    long now = view.changeCount();
    if (view != this.view || view.nodes() != nodes) {
      locate(view);
    } else if (now >= 0 && heldAt >= 0 && !changedSince(view, heldAt)) {
      return null;
    }
    String broken = rule.check(view);
    heldAt = broken == null && now >= 0 ? now : -1;
    return broken;
  }

  private void locate(SystemView view) {
    this.view = view;
    nodes = view.nodes();
    positions = inputs.stream().mapToInt(nodes::indexOf).toArray();
    heldAt = -1;
  }

  private boolean changedSince(SystemView view, long count) {
    for (int p : positions) {
      if (p >= 0 && view.changedAt(p) > count) {
        return true;
      }
    }
    return false;
  }
}
