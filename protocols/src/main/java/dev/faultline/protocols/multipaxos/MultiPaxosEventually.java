package dev.faultline.protocols.multipaxos;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Multi-Paxos's EVENTUALLY property, checked once at the end of a run with a stabilize phase:
 * ReconfigCompletes, every configuration admin whose step came heard its command executed ("ok") or
 * refused with a reason.
 */
record MultiPaxosEventually(List<NodeId> admins) implements Invariant {
  static final String RECONFIG_COMPLETES = "ReconfigCompletes";

  @Override
  public String name() {
    return RECONFIG_COMPLETES;
  }

  @Override
  public String check(SystemView view) {
    for (NodeId id : admins) {
      MultiPaxosAdminState a = view.stateAs(id, MultiPaxosAdminState.class);
      if (a != null && a.started() && a.outcome() == null) {
        return id + " requested a configuration change that was neither executed nor refused";
      }
    }
    return null;
  }
}
