package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Primary/backup's EVENTUALLY property, checked once at the end of a run with a stabilize phase
 * (after the network healed, every node restarted and every client finished): once the primary of
 * the view server's current view has finished its state transfer, the backup has installed that
 * view's state and holds the primary's key-value state.
 */
public final class PbEventually {
  public static final String REPLICAS_CONVERGE = "ReplicasConverge";

  private PbEventually() {}

  public static List<Invariant> all(NodeId viewServer) {
    return List.of(new Converge(viewServer));
  }

  private record Converge(NodeId viewServer) implements Invariant {
    @Override
    public String name() {
      return REPLICAS_CONVERGE;
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
