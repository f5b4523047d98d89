package dev.faultline.protocols.vr;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * VR's EVENTUALLY properties, checked once at the end of a run with a stabilize phase (after the
 * network healed, every replica restarted and every client finished). Each holds trivially while
 * VR's declared progress limit holds at the end: more than f replicas recovering at once, so no
 * quorum can answer them.
 *
 * <ul>
 *   <li>{@value #RECOVERY_COMPLETES}: no live replica is still recovering;
 *   <li>{@value #VIEW_SETTLES}: some live replica is the primary of a normal view, and every live
 *       replica is in normal status in that view (a replica that missed view changes caught up by
 *       state transfer);
 *   <li>{@value #REPLICAS_CONVERGE}: the primary committed its whole log, and every replica of its
 *       view holds that log, knows its commit number, executed up to it and holds the primary's
 *       key-value state.
 * </ul>
 *
 * Clients finishing is not enough: a primary and one backup finish every operation while the third
 * replica stays recovering, stuck in an old view or without the latest ops.
 */
public final class VrEventually {
  public static final String RECOVERY_COMPLETES = "RecoveryCompletes";
  public static final String VIEW_SETTLES = "ViewSettles";
  public static final String REPLICAS_CONVERGE = "ReplicasConverge";

  private VrEventually() {}

  public static List<Invariant> all(List<NodeId> servers) {
    List<NodeId> ids = List.copyOf(servers);
    return List.of(
        named(RECOVERY_COMPLETES, v -> recoveryCompletes(v, ids)),
        named(VIEW_SETTLES, v -> viewSettles(v, ids)),
        named(REPLICAS_CONVERGE, v -> replicasConverge(v, ids)));
  }

  /**
   * True while the progress limit VR declares holds at the end: more replicas recovering than the f
   * a quorum can spare (then nobody can answer them, and no view can change).
   */
  static boolean recoveryLimitHolds(SystemView view, List<NodeId> servers) {
    int recovering = live(view, servers, VrStatus.RECOVERING).size();
    int quorum = servers.size() / 2 + 1;
    return recovering > servers.size() - quorum;
  }

  static String recoveryCompletes(SystemView view, List<NodeId> servers) {
    List<VrState> recovering = live(view, servers, VrStatus.RECOVERING);
    if (recovering.isEmpty() || recoveryLimitHolds(view, servers)) {
      return null;
    }
    VrState r = recovering.get(0);
    return r.self
        + " is still recovering (incarnation "
        + r.incarnation
        + ", "
        + r.recoveryResponses.size()
        + " responses to its nonce) although only "
        + recovering.size()
        + " of "
        + servers.size()
        + " replicas lost their state";
  }

  static String viewSettles(SystemView view, List<NodeId> servers) {
    if (recoveryLimitHolds(view, servers)) {
      return null;
    }
    VrState p = primary(view, servers);
    if (p == null) {
      return "no live replica is the primary of a normal view after the cluster stabilized";
    }
    for (VrState s : live(view, servers, null)) {
      if (s.status == VrStatus.RECOVERING) {
        continue; // RecoveryCompletes speaks to that
      }
      if (s.status != VrStatus.NORMAL || s.view != p.view) {
        return s.self
            + " ends "
            + s.status.label()
            + " in view "
            + s.view
            + " but "
            + p.self
            + " is the primary of view "
            + p.view;
      }
    }
    return null;
  }

  static String replicasConverge(SystemView view, List<NodeId> servers) {
    VrState p = primary(view, servers);
    if (p == null || recoveryLimitHolds(view, servers)) {
      return null; // ViewSettles speaks to a missing primary
    }
    if (p.commit < p.opNumber()) {
      return "primary "
          + p.self
          + " of view "
          + p.view
          + " holds "
          + p.opNumber()
          + " ops but committed only "
          + p.commit;
    }
    for (VrState s : live(view, servers, VrStatus.NORMAL)) {
      if (s.view != p.view) {
        continue; // ViewSettles speaks to that
      }
      String behind = behind(s, p);
      if (behind != null) {
        return behind;
      }
    }
    return null;
  }

  /** What {@code s} lacks of the primary {@code p}'s committed state, or null. */
  private static String behind(VrState s, VrState p) {
    if (s.opNumber() != p.opNumber() || s.commit != p.commit || s.executed != s.commit) {
      return s.self
          + " holds "
          + s.opNumber()
          + " ops, commit number "
          + s.commit
          + ", executed "
          + s.executed
          + "; primary "
          + p.self
          + " of view "
          + p.view
          + " holds "
          + p.opNumber()
          + ", commit number "
          + p.commit;
    }
    if (!s.log.equals(p.log) || !s.kv.equals(p.kv)) {
      return s.self
          + " executed the same "
          + s.executed
          + " ops as primary "
          + p.self
          + " but holds "
          + (s.log.equals(p.log)
              ? s.kv.snapshot() + " instead of " + p.kv.snapshot()
              : "another log");
    }
    return null;
  }

  /** The live replica that is primary of the highest normal view, or null. */
  static VrState primary(SystemView view, List<NodeId> servers) {
    VrState p = null;
    for (VrState s : live(view, servers, VrStatus.NORMAL)) {
      if (s.primary && (p == null || s.view > p.view)) {
        p = s;
      }
    }
    return p;
  }

  /** The live replicas in {@code status} (any status: null), in node order. */
  private static List<VrState> live(SystemView view, List<NodeId> servers, VrStatus status) {
    List<VrState> out = new ArrayList<>();
    for (NodeId id : servers) {
      VrState s = view.stateAs(id, VrState.class);
      if (s != null && (status == null || s.status == status)) {
        out.add(s);
      }
    }
    return out;
  }

  private static Invariant named(String name, Function<SystemView, String> check) {
    return new Invariant() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String check(SystemView view) {
        return check.apply(view);
      }
    };
  }
}
