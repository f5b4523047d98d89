package dev.faultline.scenario.docs.tutorial;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;

/** A backup never holds a newer version than the primary (checked while the primary is up). */
// tag::invariant[]
final class PrimaryNotBehind implements Invariant {
  @Override
  public String name() {
    return "PrimaryNotBehind";
  }

  @Override
  public String check(SystemView view) {
    RegisterState primary = view.stateAs(NodeId.of("s1"), RegisterState.class);
    if (primary == null) {
      return null; // the primary is down: nothing to compare
    }
    for (NodeId node : view.nodes()) {
      RegisterState backup = view.stateAs(node, RegisterState.class);
      if (backup != null && backup.version > primary.version) {
        return node
            + " holds version "
            + backup.version
            + " but the primary only "
            + primary.version;
      }
    }
    return null;
  }
}
// end::invariant[]
