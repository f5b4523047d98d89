package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Primary/backup's EVENTUALLY properties, checked once at the end of a run with a stabilize phase
 * (after the network healed, every node restarted and every client finished):
 *
 * <ul>
 *   <li>{@value #REPLICAS_CONVERGE}: once the primary of the view server's current view has
 *       finished its state transfer, the backup has installed that view's state and holds the
 *       primary's key-value state;
 *   <li>{@value #VIEW_COMPLETE}: unless the view service is in one of its declared progress limits
 *       (and the limit's cause holds), with two servers up the current view has a backup, its
 *       primary acknowledged it and finished the state transfer (the service restored its
 *       redundancy).
 * </ul>
 */
public final class PbEventually {
  public static final String REPLICAS_CONVERGE = "ReplicasConverge";
  public static final String VIEW_COMPLETE = "ViewComplete";

  private PbEventually() {}

  public static List<Invariant> all(NodeId viewServer, List<NodeId> servers) {
    return List.of(new Converge(viewServer), new ViewComplete(viewServer, List.copyOf(servers)));
  }

  /**
   * Clients finishing is not enough: a primary serving alone finishes every operation too. After a
   * quiet stabilize phase (thousands of ticks against pings every few dozen) the service must have
   * put a live backup in place and settled the view, or be stuck in a limit it declared.
   */
  private record ViewComplete(NodeId viewServer, List<NodeId> servers) implements Invariant {
    @Override
    public String name() {
      return VIEW_COMPLETE;
    }

    @Override
    public boolean resetForReuse() {
      return true; // keeps nothing between checks
    }

    @Override
    public String check(SystemView view) {
      ViewServerState vs = view.stateAs(viewServer, ViewServerState.class);
      long up =
          servers.stream().filter(id -> view.stateAs(id, PbServerState.class) != null).count();
      if (vs == null || PbSpec.limitHolding(view, vs) != null || up < 2) {
        // The service is down, stuck in a declared limit whose cause holds (a primary that is up
        // and serving its view but went silent is no excuse), or has one server to use.
        return null;
      }
      View v = vs.view();
      if (v.num() == 0 || v.backup() == null) {
        return "view " + v + " has no backup although " + up + " servers are up";
      }
      if (!vs.primaryAcked()) {
        return "primary " + v.primary() + " never acknowledged view " + v;
      }
      PbServerState p = view.stateAs(v.primary(), PbServerState.class);
      if (p != null && (p.view().num() != v.num() || !p.transferDone())) {
        return "primary "
            + v.primary()
            + " of view "
            + v
            + " is in view "
            + p.view().num()
            + (p.transferDone() ? "" : " with its state transfer unfinished");
      }
      return null;
    }
  }

  private record Converge(NodeId viewServer) implements Invariant {
    @Override
    public String name() {
      return REPLICAS_CONVERGE;
    }

    @Override
    public boolean resetForReuse() {
      return true; // keeps nothing between checks
    }

    @Override
    public String check(SystemView view) {
      ViewServerState vs = view.stateAs(viewServer, ViewServerState.class);
      if (vs == null || vs.halted() || vs.view().num() == 0 || vs.view().backup() == null) {
        return null; // no view with two replicas to compare
      }
      View v = vs.view();
      PbServerState p = view.stateAs(v.primary(), PbServerState.class);
      PbServerState b = view.stateAs(v.backup(), PbServerState.class);
      if (p == null
          || b == null
          || p.view().num() != v.num()
          || p.pending != null
          || !p.transferDone()) {
        // A replica is down, has not learned the view, or the state transfer is still under way
        // (views may change up to the end of the run): nothing settled to compare yet.
        return null;
      }
      if (b.installedViewNum() != v.num()) {
        return "backup "
            + v.backup()
            + " of view "
            + v
            + " never installed the view's state (it installed view "
            + b.installedViewNum()
            + ")";
      }
      if (!b.kv().equals(p.kv())) {
        return "backup "
            + v.backup()
            + " of view "
            + v
            + " holds "
            + b.kv()
            + " but primary "
            + v.primary()
            + " holds "
            + p.kv();
      }
      return null;
    }
  }
}
