package dev.faultline.protocols.vr;

import dev.faultline.protocols.vr.VrMessage.DoViewChange;
import dev.faultline.protocols.vr.VrMessage.StartView;
import dev.faultline.protocols.vr.VrMessage.StartViewChange;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;

/**
 * The view change (section 4.2): STARTVIEWCHANGE from a quorum minus one, then DOVIEWCHANGE to the
 * new primary, which takes the log with the largest (last normal view, op number), the largest
 * commit number, and sends STARTVIEW.
 */
final class VrViewChange {
  /** Annotated when a new primary sends STARTVIEW (a fault target). */
  static final String START_VIEW = "start-view";

  private final VrCore core;

  VrViewChange(VrCore core) {
    this.core = core;
  }

  /** Moves to view-change status for {@code view} and tells everyone. */
  void start(VrState s, long view, String reason, Effects<VrMessage, VrTimer> out) {
    s.view = view;
    core.become(s, VrStatus.VIEW_CHANGE, reason, out);
    if (s.transferView <= view) {
      s.transferView = -1; // a state transfer into an older view is moot now
    }
    // V11: the new view is not on disk before it is announced (the old one stays there)
    core.persist(s, core.bug == VrBug.V11 ? s.savedView : view, out);
    out.broadcast(core.others(s.self), new StartViewChange(view));
    checkStartViewChanges(s, out);
  }

  /** Re-sends what this view change waits on (messages may be lost). */
  void resend(VrState s, Effects<VrMessage, VrTimer> out) {
    out.broadcast(core.others(s.self), new StartViewChange(s.view));
    checkStartViewChanges(s, out);
  }

  void onStartViewChange(
      VrState s, NodeId from, StartViewChange m, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.RECOVERING || m.view() < s.view) {
      return;
    }
    if (m.view() > s.view) {
      start(s, m.view(), "STARTVIEWCHANGE from " + from, out);
    }
    if (s.status != VrStatus.VIEW_CHANGE) {
      return; // the view has already started here
    }
    s.startViewChanges.put(from, true);
    checkStartViewChanges(s, out);
  }

  private void checkStartViewChanges(VrState s, Effects<VrMessage, VrTimer> out) {
    if (s.startViewChanges.size() < core.config.quorum() - 1) {
      return;
    }
    DoViewChange dvc = new DoViewChange(s.view, s.logCopy(), s.lastNormalView, s.commit);
    NodeId primary = core.primaryOf(s, s.view);
    out.annotate(Annotations.VOTE, "DOVIEWCHANGE for view " + s.view + " to " + primary);
    if (primary.equals(s.self)) {
      collect(s, s.self, dvc, out);
    } else {
      out.send(primary, dvc);
    }
  }

  void onDoViewChange(VrState s, NodeId from, DoViewChange m, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.RECOVERING || m.view() < s.view) {
      return;
    }
    if (m.view() > s.view) {
      start(s, m.view(), "DOVIEWCHANGE from " + from, out);
    }
    if (s.primary && m.view() == s.view) {
      // A late DOVIEWCHANGE: its sender may have missed STARTVIEW.
      out.send(from, new StartView(s.view, s.logCopy(), s.commit));
      return;
    }
    if (s.status == VrStatus.VIEW_CHANGE && core.primaryOf(s, s.view).equals(s.self)) {
      collect(s, from, m, out);
    }
  }

  private void collect(VrState s, NodeId from, DoViewChange m, Effects<VrMessage, VrTimer> out) {
    s.doViewChanges.put(from, m);
    if (s.doViewChanges.size() >= core.config.quorum()) {
      startView(s, out);
    }
  }

  /** The new primary: installs the chosen log and commit number and sends STARTVIEW. */
  private void startView(VrState s, Effects<VrMessage, VrTimer> out) {
    DoViewChange best = null;
    long commit = s.commit;
    for (DoViewChange d : s.doViewChanges.values()) {
      if (best == null || newer(d, best)) {
        best = d;
      }
      commit = Math.max(commit, d.commit());
    }
    if (core.bug == VrBug.V10) {
      commit = longest(s).log().size(); // V10: an op number taken for the commit number
    }
    core.installLog(s, best.log());
    s.commit = Math.max(s.commit, commit);
    core.become(s, VrStatus.NORMAL, s.doViewChanges.size() + " DOVIEWCHANGEs", out);
    core.persist(s, out);
    out.broadcast(core.others(s.self), new StartView(s.view, s.logCopy(), s.commit));
    out.annotate(START_VIEW, "view " + s.view);
    core.execute(s, out);
  }

  /** True if {@code a}'s log wins over {@code b}'s: larger (last normal view, op number). */
  private boolean newer(DoViewChange a, DoViewChange b) {
    if (core.bug == VrBug.V1) {
      return a.log().size() > b.log().size(); // V1: op number alone
    }
    if (a.lastNormalView() != b.lastNormalView()) {
      return a.lastNormalView() > b.lastNormalView();
    }
    return a.log().size() > b.log().size();
  }

  private static DoViewChange longest(VrState s) {
    DoViewChange out = null;
    for (DoViewChange d : s.doViewChanges.values()) {
      if (out == null || d.log().size() > out.log().size()) {
        out = d;
      }
    }
    return out;
  }

  /** A backup installs the new view's log (only from view-change status or for a newer view). */
  void onStartView(VrState s, StartView m, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.RECOVERING) {
      return;
    }
    boolean fresh = m.view() > s.view || (m.view() == s.view && s.status == VrStatus.VIEW_CHANGE);
    if (core.bug == VrBug.V9) {
      fresh = m.view() >= s.view && !s.primary; // V9: a repeated STARTVIEW is applied again
    }
    if (!fresh) {
      return;
    }
    s.view = m.view();
    core.installLog(s, m.log());
    VrCore.learnCommit(s, m.commit());
    if (s.transferView <= s.view) {
      s.transferView = -1;
    }
    core.become(s, VrStatus.NORMAL, "STARTVIEW", out);
    core.persist(s, out);
    if (s.log.size() > s.commit) {
      core.acknowledge(s, out);
    }
    core.execute(s, out);
  }
}
