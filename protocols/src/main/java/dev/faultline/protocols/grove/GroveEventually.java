package dev.faultline.protocols.grove;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Grove's EVENTUALLY properties, checked once after the stabilize phase: every planned
 * reconfiguration has completed (and no repair is left half done), and the active epoch's backups
 * hold exactly the primary's log once it has nothing uncommitted.
 */
public final class GroveEventually {
  private GroveEventually() {}

  public static List<Invariant> all(NodeId configService, NodeId admin, int plannedSteps) {
    return List.of(
        new ReconfigurationsComplete(admin, plannedSteps), new ReplicasConverge(configService));
  }

  private record ReconfigurationsComplete(NodeId admin, int plannedSteps) implements Invariant {
    @Override
    public String name() {
      return "ReconfigurationsComplete";
    }

    @Override
    public String check(SystemView view) {
      AdminState a = view.stateAs(admin, AdminState.class);
      if (a == null) {
        return null; // the admin is down: nothing runs a reconfiguration
      }
      if (a.stepsDone() < plannedSteps || a.busy()) {
        return "the admin did "
            + a.stepsDone()
            + " of "
            + plannedSteps
            + " planned reconfigurations and is in phase "
            + a.phaseName()
            + " toward "
            + a.target();
      }
      return null;
    }
  }

  private record ReplicasConverge(NodeId configService) implements Invariant {
    @Override
    public String name() {
      return "ReplicasConverge";
    }

    @Override
    public String check(SystemView view) {
      if (!(view.durable(configService) instanceof ConfigState.Disk cfg) || cfg.epoch() == 0) {
        return null;
      }
      ReplicaState p = view.stateAs(cfg.servers().get(0), ReplicaState.class);
      if (p == null || !p.isPrimary || p.epoch != cfg.epoch() || p.committed < p.log.size()) {
        return null; // no settled primary to compare with
      }
      for (NodeId b : cfg.servers()) {
        ReplicaState s = view.stateAs(b, ReplicaState.class);
        if (s != null && s.epoch == p.epoch && !s.log.equals(p.log)) {
          return b
              + " holds "
              + s.log.size()
              + " ops of epoch "
              + p.epoch
              + " but its primary "
              + cfg.servers().get(0)
              + " holds "
              + p.log.size();
        }
      }
      return null;
    }
  }
}
