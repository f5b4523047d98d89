package dev.faultline.protocols.grove;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Grove's EVENTUALLY properties, checked once after the stabilize phase: every planned
 * reconfiguration has completed (and no repair is left half done), and every live server of the
 * active epoch entered it and converged on its primary's committed log and state.
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

  /**
   * Every live server of the active epoch (the config service's) entered that epoch; once its
   * primary is up and serving it, the primary committed its whole log and every backup of the epoch
   * holds that log, knows the commit index and applied it (the primary's key-value state).
   */
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
      for (NodeId b : cfg.servers()) {
        ReplicaState s = view.stateAs(b, ReplicaState.class);
        if (s != null && s.epoch < cfg.epoch()) {
          return b + " is in epoch " + s.epoch + " but epoch " + cfg.epoch() + " is active";
        }
      }
      NodeId primaryId = cfg.servers().get(0);
      ReplicaState p = view.stateAs(primaryId, ReplicaState.class);
      if (p == null || !p.isPrimary || p.epoch != cfg.epoch()) {
        return null; // no primary serving the epoch to compare with
      }
      if (p.committed < p.log.size()) {
        return "primary "
            + primaryId
            + " of epoch "
            + p.epoch
            + " holds "
            + p.log.size()
            + " ops but committed only "
            + p.committed;
      }
      for (NodeId b : cfg.servers()) {
        ReplicaState s = view.stateAs(b, ReplicaState.class);
        if (s != null && s.epoch == p.epoch && behind(s, p)) {
          return b
              + " holds "
              + s.log.size()
              + " ops of epoch "
              + p.epoch
              + " (commit index "
              + s.committed
              + ", state "
              + s.kv.snapshot()
              + ") but its primary "
              + primaryId
              + " holds "
              + p.log.size()
              + " (state "
              + p.kv.snapshot()
              + ")";
        }
      }
      return null;
    }

    private static boolean behind(ReplicaState s, ReplicaState p) {
      return !s.log.equals(p.log) || s.committed != p.committed || !s.kv.equals(p.kv);
    }
  }
}
