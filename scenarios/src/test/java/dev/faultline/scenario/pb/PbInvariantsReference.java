package dev.faultline.scenario.pb;

import dev.faultline.protocols.pb.PbServerState;
import dev.faultline.protocols.pb.View;
import dev.faultline.protocols.pb.ViewServerState;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.TreeMap;

/**
 * The full-scan versions of primary/backup's view-server invariants (the whole ghost log of view
 * changes after every event), as they were before they became incremental: the reference {@link
 * PbInvariantsIncrementalTest} compares the incremental ones with, message for message.
 */
final class PbInvariantsReference {
  private PbInvariantsReference() {}

  /**
   * At most one server acts as primary of a given view number: no two live servers claim the same
   * view, and each claim matches the view server's record of that view. Memoryless (it reads only
   * node state, including the view server's ghost log), so it is also sound under the explorer.
   */
  static final class OnePrimaryPerView implements Invariant {
    private final NodeId viewServer;
    private final List<NodeId> servers;

    OnePrimaryPerView(NodeId viewServer, List<NodeId> servers) {
      this.viewServer = viewServer;
      this.servers = List.copyOf(servers);
    }

    @Override
    public String name() {
      return "OnePrimaryPerView";
    }

    @Override
    public String check(SystemView sv) {
      TreeMap<Long, NodeId> issued = new TreeMap<>();
      ViewServerState vs = sv.stateAs(viewServer, ViewServerState.class);
      if (vs != null) {
        for (ViewServerState.ViewChange c : vs.changes()) {
          issued.put(c.to().num(), c.to().primary());
        }
      }
      TreeMap<Long, NodeId> claimed = new TreeMap<>();
      for (NodeId n : servers) {
        PbServerState s = sv.stateAs(n, PbServerState.class);
        if (s == null || !s.view().isPrimary(n)) {
          continue;
        }
        long v = s.view().num();
        NodeId other = claimed.putIfAbsent(v, n);
        if (other != null) {
          return n + " and " + other + " both act as primary of view " + v;
        }
        NodeId official = issued.get(v);
        if (official != null && !official.equals(n)) {
          return n + " acts as primary of view " + v + ", whose primary is " + official;
        }
      }
      return null;
    }
  }

  /** The primary of view i+1 was the primary or the backup of view i (from the view server). */
  static final class PrimaryFromPreviousView implements Invariant {
    private final NodeId viewServer;

    PrimaryFromPreviousView(NodeId viewServer) {
      this.viewServer = viewServer;
    }

    @Override
    public String name() {
      return "PrimaryFromPreviousView";
    }

    @Override
    public String check(SystemView sv) {
      ViewServerState vs = sv.stateAs(viewServer, ViewServerState.class);
      if (vs == null) {
        return null;
      }
      for (ViewServerState.ViewChange c : vs.changes()) {
        View from = c.from();
        View to = c.to();
        if (to.num() != from.num() + 1) {
          return "view " + to + " follows view " + from + ": numbers must go up by one";
        }
        if (from.num() > 0
            && !to.primary().equals(from.primary())
            && !to.primary().equals(from.backup())) {
          return "primary "
              + to.primary()
              + " of view "
              + to
              + " was neither primary nor backup"
              + " of view "
              + from;
        }
      }
      return null;
    }
  }

  /** The view server never leaves a view its primary has not acknowledged. */
  static final class NoUnackedViewSkip implements Invariant {
    private final NodeId viewServer;

    NoUnackedViewSkip(NodeId viewServer) {
      this.viewServer = viewServer;
    }

    @Override
    public String name() {
      return "NoUnackedViewSkip";
    }

    @Override
    public String check(SystemView sv) {
      ViewServerState vs = sv.stateAs(viewServer, ViewServerState.class);
      if (vs == null) {
        return null;
      }
      for (ViewServerState.ViewChange c : vs.changes()) {
        if (!c.fromAcked()) {
          return "view server moved from "
              + c.from()
              + " to "
              + c.to()
              + " although "
              + c.from().primary()
              + " never acknowledged view "
              + c.from().num();
        }
      }
      return null;
    }
  }
}
