package dev.faultline.protocols.multipaxos;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Multi-Paxos's EVENTUALLY properties, checked once at the end of a run with a stabilize phase
 * (after the network healed, every server restarted and every client finished):
 *
 * <ul>
 *   <li>{@value #RECONFIG_COMPLETES}: every configuration admin whose step came heard its command
 *       executed ("ok") or refused with a reason;
 *   <li>{@value #REPLICAS_CONVERGE}: every live replica executed every decided slot (its slot_out
 *       reached the highest any live replica reached, and it holds no decision stranded behind an
 *       undecided slot), and replicas at the same slot_out hold the same key-value state and
 *       configurations.
 * </ul>
 */
final class MultiPaxosEventually {
  static final String RECONFIG_COMPLETES = "ReconfigCompletes";
  static final String REPLICAS_CONVERGE = "ReplicasConverge";

  private MultiPaxosEventually() {}

  static List<Invariant> all(List<NodeId> admins, List<NodeId> servers) {
    return List.of(new ReconfigCompletes(List.copyOf(admins)), new ReplicasConverge(servers));
  }

  record ReconfigCompletes(List<NodeId> admins) implements Invariant {
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

  /**
   * A replica that stops executing, never catches up after a restart or a partition, or runs past a
   * hole still lets clients finish through the others: only the final states show it.
   */
  record ReplicasConverge(List<NodeId> servers) implements Invariant {
    ReplicasConverge {
      servers = List.copyOf(servers);
    }

    @Override
    public String name() {
      return REPLICAS_CONVERGE;
    }

    @Override
    public String check(SystemView view) {
      MultiPaxosState top = null;
      for (NodeId id : servers) {
        MultiPaxosState s = view.stateAs(id, MultiPaxosState.class);
        if (s == null) {
          continue; // down at the end: nothing to converge
        }
        if (!s.decisions.tailMap(s.slotOut).isEmpty()) {
          return id
              + " holds the decision of slot "
              + s.decisions.lastKey()
              + " but executed only up to slot "
              + (s.slotOut - 1)
              + ": slot "
              + s.slotOut
              + " was never decided";
        }
        if (top == null || s.slotOut > top.slotOut) {
          top = s;
        }
      }
      for (NodeId id : servers) {
        MultiPaxosState s = view.stateAs(id, MultiPaxosState.class);
        String differs = s == null ? null : differs(s, top);
        if (differs != null) {
          return differs;
        }
      }
      return null;
    }

    /** How {@code s} falls short of {@code top}, the replica that executed the most slots. */
    private static String differs(MultiPaxosState s, MultiPaxosState top) {
      if (s.slotOut < top.slotOut) {
        return s.self
            + " executed slots up to "
            + (s.slotOut - 1)
            + " but "
            + top.self
            + " executed decided slots up to "
            + (top.slotOut - 1);
      }
      if (!s.kv.equals(top.kv) || !s.configs.equals(top.configs)) {
        return s.self
            + " executed the same slots as "
            + top.self
            + " (up to "
            + (s.slotOut - 1)
            + ") but holds "
            + (s.kv.equals(top.kv) ? "configurations " + s.configs : s.kv.snapshot())
            + " instead of "
            + (s.kv.equals(top.kv) ? top.configs : top.kv.snapshot());
      }
      return null;
    }
  }
}
