package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.NodeId;

/**
 * What a PB label must say, written from a view's fields and not through the code that annotates
 * ({@link View#roleOf}, {@link View#toString}), so that {@code StateFidelity}'s label check judges
 * that code too: a label computed by the same method on both sides would match whatever the method
 * wrote. The labels are output: reports draw them on lifelines, and role-targeted faults ("crash
 * the primary") and the state-aware nemeses aim by the latest role, so a server labelled backup
 * while it is primary moves every such fault to the wrong node.
 */
final class PbLabels {
  private PbLabels() {}

  /** {@code primary} for the view's primary, {@code backup} for its backup, else {@code idle}. */
  static String role(View view, NodeId self) {
    if (self.equals(view.primary())) {
      return Roles.PRIMARY;
    }
    return self.equals(view.backup()) ? Roles.BACKUP : Roles.IDLE;
  }

  /**
   * A view as reports show it: its number, then its primary and backup in parentheses, {@code -}
   * for no backup: {@code 3(s1,s2)}, {@code 4(s2,-)}.
   */
  static String view(View view) {
    String backup = view.backup() == null ? "-" : view.backup().toString();
    return view.num() + "(" + view.primary() + "," + backup + ")";
  }
}
