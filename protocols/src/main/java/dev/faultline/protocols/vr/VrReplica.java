package dev.faultline.protocols.vr;

import dev.faultline.protocols.vr.VrMessage.Commit;
import dev.faultline.protocols.vr.VrMessage.Prepare;
import dev.faultline.protocols.vr.VrMessage.PrepareOk;
import dev.faultline.protocols.vr.VrMessage.Request;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;

/**
 * A VR replica: normal operation here, view changes in {@link VrViewChange}, state transfer and
 * recovery in {@link VrCatchUp}. A replica handles a normal-protocol message only in normal status
 * and only if its view is the replica's own; a newer view starts a state transfer, which changes
 * nothing until NEWSTATE of that view is installed.
 */
public final class VrReplica implements Protocol<VrState, VrMessage, VrTimer> {
  private final VrCore core;
  private final VrViewChange viewChange;
  private final VrCatchUp catchUp;

  public VrReplica(VrConfig config) {
    this.core = new VrCore(config);
    this.viewChange = new VrViewChange(core);
    this.catchUp = new VrCatchUp(core, viewChange);
  }

  @Override
  public VrState init(NodeId self, Durable durable, Effects<VrMessage, VrTimer> out) {
    VrState s = catchUp.boot(self, durable, out);
    out.setTimer(new VrTimer.Resend(), core.config.resendTicks());
    return s;
  }

  @Override
  public void onMessage(VrState s, NodeId from, VrMessage m, Effects<VrMessage, VrTimer> out) {
    switch (m) {
      case Request r -> onRequest(s, from, r, out);
      case Prepare p -> onPrepare(s, from, p, out);
      case PrepareOk ok -> onPrepareOk(s, from, ok, out);
      case Commit c -> onCommit(s, from, c, out);
      case VrMessage.StartViewChange svc -> viewChange.onStartViewChange(s, from, svc, out);
      case VrMessage.DoViewChange dvc -> viewChange.onDoViewChange(s, from, dvc, out);
      case VrMessage.StartView sv -> viewChange.onStartView(s, sv, out);
      case VrMessage.GetState g -> catchUp.onGetState(s, from, g, out);
      case VrMessage.NewState n -> catchUp.onNewState(s, n, out);
      case VrMessage.Recovery r -> catchUp.onRecovery(s, from, r, out);
      case VrMessage.RecoveryResponse r -> catchUp.onRecoveryResponse(s, from, r, out);
      case VrMessage.Reply r -> {} // replies and redirects go to clients only
      case VrMessage.NotPrimary r -> {}
    }
  }

  @Override
  public void onTimer(VrState s, VrTimer t, Effects<VrMessage, VrTimer> out) {
    switch (t) {
      case VrTimer.CommitDue c -> onCommitDue(s, out);
      case VrTimer.ViewTimeout v -> {
        if (s.status != VrStatus.RECOVERING) {
          viewChange.start(s, s.view + 1, "timeout in view " + s.view, out);
        }
      }
      case VrTimer.Resend r -> {
        out.setTimer(r, core.config.resendTicks());
        if (s.status == VrStatus.VIEW_CHANGE) {
          viewChange.resend(s, out);
        } else {
          catchUp.resend(s, out);
        }
      }
      case VrTimer.RequestRetry r -> {}
      case VrTimer.NextOpDue n -> {}
    }
  }

  // ------------------------------------------------------------------ primary

  private void onRequest(VrState s, NodeId client, Request r, Effects<VrMessage, VrTimer> out) {
    if (s.status != VrStatus.NORMAL) {
      return; // no view to speak for; the client retries
    }
    if (!s.primary) {
      out.send(client, new VrMessage.NotPrimary(s.view, r.requestNumber()));
      return;
    }
    String key = client.name();
    if (s.results.alreadyExecuted(key, r.requestNumber())) {
      String result = s.results.outputOf(key, r.requestNumber());
      if (result != null) {
        out.send(client, new VrMessage.Reply(s.view, r.requestNumber(), result));
      }
      return; // older than the latest: dropped
    }
    Long logged = s.latestRequest.get(key);
    if (logged != null && r.requestNumber() <= logged) {
      return; // in the log, not executed yet: the reply comes when it commits
    }
    VrOp op = new VrOp(client, r.requestNumber(), r.f(), r.key(), r.value());
    VrCore.append(s, op);
    core.persist(s, out);
    out.broadcast(core.others(s.self), new Prepare(s.view, op, s.log.size(), s.commit));
    tryCommit(s, out);
  }

  private void onPrepareOk(VrState s, NodeId from, PrepareOk ok, Effects<VrMessage, VrTimer> out) {
    if (!s.primary || ok.view() != s.view) {
      return;
    }
    s.acked.merge(from, ok.opNumber(), Math::max);
    tryCommit(s, out);
  }

  /** Commits the highest op that a quorum (the primary and f backups) holds, and executes. */
  private void tryCommit(VrState s, Effects<VrMessage, VrTimer> out) {
    int backupsNeeded = core.config.quorum() - 1;
    if (core.bug == VrBug.V3) {
      backupsNeeded -= 1; // V3: one PREPAREOK short
    }
    for (long n = s.log.size(); n > s.commit; n--) {
      int holders = 0;
      for (long a : s.acked.values()) {
        if (a >= n) {
          holders++;
        }
      }
      if (holders >= backupsNeeded) {
        s.commit = n;
        core.persist(s, out);
        core.execute(s, out);
        return;
      }
    }
  }

  /**
   * The primary's heartbeat: to a backup that has not acknowledged the whole log, the last PREPARE
   * again (a backup missing earlier entries fetches them by state transfer); to the others, COMMIT.
   */
  private void onCommitDue(VrState s, Effects<VrMessage, VrTimer> out) {
    if (!s.primary) {
      return;
    }
    out.setTimer(new VrTimer.CommitDue(), core.config.commitIntervalTicks());
    long last = s.log.size();
    for (NodeId backup : core.others(s.self)) {
      if (last > 0 && s.acked.getOrDefault(backup, 0L) < last) {
        out.send(backup, new Prepare(s.view, s.op(last), last, s.commit));
      } else {
        out.send(backup, new Commit(s.view, s.commit));
      }
    }
  }

  // ------------------------------------------------------------------ backup

  private void onPrepare(VrState s, NodeId from, Prepare p, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.RECOVERING || (s.primary && p.view() <= s.view)) {
      return; // a primary that hears a newer view was deposed: it catches up below
    }
    if (core.bug == VrBug.V2 && p.view() <= s.view) {
      accept(s, from, p, out); // V2: no view or status check
      return;
    }
    if (p.view() < s.view) {
      return; // an old primary's
    }
    if (p.view() > s.view || s.status == VrStatus.VIEW_CHANGE) {
      catchUp.newerView(s, from, p.view(), out);
      return;
    }
    core.armViewTimeout(out);
    accept(s, from, p, out);
  }

  /** Appends the next op (or re-acknowledges one already held) and learns the commit number. */
  private void accept(VrState s, NodeId from, Prepare p, Effects<VrMessage, VrTimer> out) {
    long n = s.log.size();
    if (p.opNumber() > n + 1) {
      catchUp.fetchSameView(s, from, out);
    } else {
      if (p.opNumber() == n + 1) {
        VrCore.append(s, p.op());
        core.persist(s, out);
      }
      out.send(from, new PrepareOk(p.view(), s.log.size()));
    }
    learnCommit(s, from, p.commit(), out);
  }

  private void onCommit(VrState s, NodeId from, Commit c, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.RECOVERING || c.view() < s.view || (s.primary && c.view() == s.view)) {
      return;
    }
    if (c.view() > s.view || s.status == VrStatus.VIEW_CHANGE) {
      catchUp.newerView(s, from, c.view(), out);
      return;
    }
    core.armViewTimeout(out);
    learnCommit(s, from, c.commit(), out);
  }

  /** A backup executes up to the primary's commit number, fetching entries it lacks. */
  private void learnCommit(VrState s, NodeId from, long k, Effects<VrMessage, VrTimer> out) {
    if (k > s.log.size()) {
      catchUp.fetchSameView(s, from, out);
    }
    if (k > s.commit) {
      VrCore.learnCommit(s, k);
      core.persist(s, out);
      core.execute(s, out);
    }
  }
}
