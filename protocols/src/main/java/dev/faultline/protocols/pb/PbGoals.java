package dev.faultline.protocols.pb;

import dev.faultline.sim.api.SystemView;

/** Named pb states a staged search starts from (see {@code VariantSearch.Start}). */
public final class PbGoals {
  private PbGoals() {}

  /** Name of {@link #ready}. */
  public static final String READY_VIEW = "ready view";

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
}
