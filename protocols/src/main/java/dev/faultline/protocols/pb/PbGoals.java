package dev.faultline.protocols.pb;

import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.SystemView;

/** Named pb states a staged search starts from (see {@code VariantSearch.Start}). */
public final class PbGoals {
  private PbGoals() {}

  /** Name of {@link #ready}. */
  public static final String READY_VIEW = "ready view";

  /** Name of {@link #staleClientView}. */
  public static final String STALE_CLIENT_VIEW = "stale client view";

  /**
   * The view has a primary and a backup, the primary acknowledged it and its state transfer to the
   * backup is done: the service can serve clients.
   */
  public static boolean ready(SystemView v) {
    ViewServerState vs = v.stateAs(PbSpec.VIEW_SERVER, ViewServerState.class);
    if (vs == null || !vs.primaryAcked()) {
      return false;
    }
    View view = vs.view();
    if (view.primary() == null || view.backup() == null) {
      return false;
    }
    PbServerState primary = v.stateAs(view.primary(), PbServerState.class);
    return primary != null && primary.view().num() == view.num() && primary.transferDone();
  }

  /**
   * A client holds a view the view server has moved past while that view's primary still acts as
   * its primary: the hazard the protocol exists to survive (the deposed primary must not serve
   * alone). Nothing needs to go wrong from here; a correct pb stays linearizable.
   */
  public static boolean staleClientView(SystemView v) {
    ViewServerState vs = v.stateAs(PbSpec.VIEW_SERVER, ViewServerState.class);
    if (vs == null) {
      return false;
    }
    for (NodeId n : v.nodes()) {
      PbClientState client = v.stateAs(n, PbClientState.class);
      if (client == null
          || client.view().primary() == null
          || client.view().num() >= vs.view().num()) {
        continue;
      }
      PbServerState primary = v.stateAs(client.view().primary(), PbServerState.class);
      if (primary != null
          && primary.view().num() == client.view().num()
          && client.view().primary().equals(primary.view().primary())) {
        return true;
      }
    }
    return false;
  }
}
