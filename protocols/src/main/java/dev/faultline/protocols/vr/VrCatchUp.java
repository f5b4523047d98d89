package dev.faultline.protocols.vr;

import com.google.common.collect.ImmutableList;
import dev.faultline.protocols.vr.VrMessage.GetState;
import dev.faultline.protocols.vr.VrMessage.NewState;
import dev.faultline.protocols.vr.VrMessage.Recovery;
import dev.faultline.protocols.vr.VrMessage.RecoveryResponse;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * How a replica gets state it lacks: booting (first boot, restart with a saved view, or restart
 * without state), the recovery protocol (section 4.3) and state transfer (section 5.2, done so that
 * nothing changes until NEWSTATE is installed).
 */
final class VrCatchUp {
  /**
   * Annotated when a replica asks for the state of a view newer than its own (it missed a whole
   * view change): a fault target.
   */
  static final String TRANSFER = "transfer";

  /**
   * Annotated when a replica in view-change status asks for the state of its own view (its
   * STARTVIEW was lost): kept apart from {@link #TRANSFER} so that faults aimed at one are not used
   * up by the other.
   */
  static final String TRANSFER_IN_VIEW_CHANGE = "transfer-in-view-change";

  private final VrCore core;
  private final VrViewChange viewChange;

  VrCatchUp(VrCore core, VrViewChange viewChange) {
    this.core = core;
    this.viewChange = viewChange;
  }

  // ------------------------------------------------------------------ boot

  VrState boot(NodeId self, Durable durable, Effects<VrMessage, VrTimer> out) {
    long incarnation = durable instanceof VrDurable d ? d.incarnation() + 1 : 1;
    VrState s = new VrState(self, incarnation);
    if (durable instanceof VrDurable.Saved saved && core.config.durableView()) {
      s.view = saved.view();
      s.lastNormalView = saved.lastNormalView();
      core.installLog(s, saved.log());
      s.commit = saved.commit();
      s.savedView = saved.view(); // nothing new to write: the disk already holds this
      if (s.lastNormalView == s.view) {
        core.become(s, VrStatus.NORMAL, "restarted from disk", out);
        core.execute(s, out);
      } else {
        viewChange.start(s, s.view, "restarted from disk in a view change", out);
      }
      return s;
    }
    if (core.config.durableView()) {
      core.persist(s, out);
    } else {
      out.persist(new VrDurable.Boot(incarnation));
    }
    if (durable == null) {
      core.become(s, VrStatus.NORMAL, "first boot", out);
      return s;
    }
    // Restarted without its state: it may have forgotten promises, so it takes no part until a
    // quorum, including the latest primary, has told it the current state.
    s.nonce = incarnation;
    core.become(s, VrStatus.RECOVERING, "restarted without state", out);
    out.broadcast(core.others(self), new Recovery(s.nonce));
    return s;
  }

  /** Periodic: re-send a pending RECOVERY or GETSTATE. */
  void resend(VrState s, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.RECOVERING) {
      int recovering = 1 + s.recoveringPeers.size();
      boolean stuck = recovering > core.config.servers().size() - core.config.quorum();
      out.annotate(
          Annotations.PROGRESS_LIMIT,
          stuck
              ? recovering + " replicas lost their state (more than f): recovery cannot finish"
              : "none");
      s.recoveringPeers.clear();
      out.broadcast(core.others(s.self), new Recovery(s.nonce));
    } else if (s.transferView >= 0) {
      out.send(core.primaryOf(s, s.transferView), new GetState(s.transferView, s.transferFrom));
    }
  }

  // ------------------------------------------------------------------ state transfer

  /**
   * A normal-protocol message of a newer view (or of this view while still in view-change status,
   * i.e. STARTVIEW was lost): ask for that view's log after our commit number. The correct protocol
   * changes nothing here; view, last normal view and log change when NEWSTATE is installed.
   */
  void newerView(VrState s, NodeId from, long view, Effects<VrMessage, VrTimer> out) {
    boolean behind = view > s.view; // missed a whole view change (else: its STARTVIEW was lost)
    if (core.bug == VrBug.V8 && view > s.view) { // V8: the paper's eager version
      s.truncateLog((int) Math.min(s.commit, s.log.size()));
      s.view = view;
      core.become(s, VrStatus.NORMAL, "PREPARE/COMMIT of view " + view + " (eager)", out);
      core.persist(s, out);
    }
    if (core.bug == VrBug.V12) { // V12: truncated now, while still taking part in view changes
      s.truncateLog((int) Math.min(s.commit, s.log.size()));
      core.persist(s, out);
    }
    long fromOp = core.bug == VrBug.V6 ? s.log.size() : s.commit; // V6: keeps its uncommitted ops
    if (s.transferView == view && s.transferFrom == fromOp) {
      return; // already asked; the resend timer repeats it
    }
    s.transferView = view;
    s.transferFrom = fromOp;
    out.send(from, new GetState(view, fromOp)); // the sender is normal in that view
    out.annotate(
        behind ? TRANSFER : TRANSFER_IN_VIEW_CHANGE, "view " + view + " after op " + fromOp);
  }

  /** This view's primary sent an op or commit number past our log's end: fetch the gap. */
  void fetchSameView(VrState s, NodeId from, Effects<VrMessage, VrTimer> out) {
    if (s.transferView == s.view && s.transferFrom == s.log.size()) {
      return;
    }
    s.transferView = s.view;
    s.transferFrom = s.log.size();
    out.send(from, new GetState(s.view, s.transferFrom));
  }

  void onGetState(VrState s, NodeId from, GetState g, Effects<VrMessage, VrTimer> out) {
    if (s.status != VrStatus.NORMAL || g.view() != s.view || g.fromOp() > s.log.size()) {
      return;
    }
    List<VrOp> suffix = s.log.subList((int) g.fromOp(), s.log.size());
    out.send(from, new NewState(s.view, g.fromOp(), ImmutableList.copyOf(suffix), s.commit));
  }

  void onNewState(VrState s, NewState m, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.RECOVERING || m.view() < s.view || m.fromOp() > s.log.size()) {
      return;
    }
    boolean newer = m.view() > s.view || (m.view() == s.view && s.status == VrStatus.VIEW_CHANGE);
    long end = m.fromOp() + m.suffix().size();
    if (!newer && (s.status != VrStatus.NORMAL || end <= s.log.size())) {
      return; // same view: nothing we lack
    }
    List<VrOp> log = new ArrayList<>(s.log.subList(0, (int) m.fromOp()));
    log.addAll(m.suffix());
    core.installLog(s, log);
    VrCore.learnCommit(s, m.commit());
    if (s.transferView <= m.view()) {
      s.transferView = -1;
    }
    if (newer) {
      s.view = m.view();
      core.become(s, VrStatus.NORMAL, "NEWSTATE of view " + m.view(), out);
    }
    core.persist(s, out);
    core.acknowledge(s, out);
    core.execute(s, out);
  }

  // ------------------------------------------------------------------ recovery

  void onRecovery(VrState s, NodeId from, Recovery r, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.RECOVERING) {
      s.recoveringPeers.put(from, true);
      return;
    }
    if (s.status != VrStatus.NORMAL) {
      return;
    }
    out.send(
        from,
        new RecoveryResponse(
            s.view, r.nonce(), s.primary ? s.logCopy() : null, s.primary ? s.commit : 0));
  }

  void onRecoveryResponse(
      VrState s, NodeId from, RecoveryResponse r, Effects<VrMessage, VrTimer> out) {
    if (s.status != VrStatus.RECOVERING || r.nonce() != s.nonce) {
      return;
    }
    RecoveryResponse earlier = s.recoveryResponses.get(from);
    if (earlier == null || r.view() >= earlier.view()) {
      s.recoveryResponses.put(from, r);
    }
    if (s.recoveryResponses.size() < core.config.quorum()) {
      return;
    }
    long view = -1;
    for (RecoveryResponse x : s.recoveryResponses.values()) {
      view = Math.max(view, x.view());
    }
    RecoveryResponse primary = s.recoveryResponses.get(core.primaryOf(s, view));
    boolean fromPrimary = primary != null && primary.view() == view && primary.log() != null;
    if (!fromPrimary && core.bug != VrBug.V4) { // V4: no need to hear the latest primary
      return;
    }
    s.view = view;
    core.installLog(s, fromPrimary ? primary.log() : List.of());
    VrCore.learnCommit(s, fromPrimary ? primary.commit() : 0);
    s.recoveryResponses.clear();
    core.become(s, VrStatus.NORMAL, "recovered from " + core.primaryOf(s, view), out);
    out.annotate(Annotations.PROGRESS_LIMIT, "none");
    core.execute(s, out);
  }
}
