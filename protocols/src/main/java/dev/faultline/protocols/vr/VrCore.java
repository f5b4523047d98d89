package dev.faultline.protocols.vr;

import com.google.common.collect.ImmutableList;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * What every part of a replica shares: the one place a status changes ({@link #become}), log
 * installation, execution, persistence and timers. Holds only immutable configuration.
 */
final class VrCore {
  final VrConfig config;
  final VrBug bug;

  VrCore(VrConfig config) {
    this.config = config;
    this.bug = config.bug();
  }

  NodeId primaryOf(VrState s, long view) {
    return config.primaryOf(view, s.self);
  }

  List<NodeId> others(NodeId self) {
    List<NodeId> out = new ArrayList<>(config.servers());
    out.remove(self);
    return out;
  }

  /**
   * The one place a replica's status changes: resets what the old status collected, arms the timers
   * of the new one and records the reason in the trace. Entering NORMAL makes the current view the
   * last normal view.
   */
  void become(VrState s, VrStatus status, String reason, Effects<VrMessage, VrTimer> out) {
    s.status = status;
    s.primary = status == VrStatus.NORMAL && primaryOf(s, s.view).equals(s.self);
    s.acked.clear();
    s.startViewChanges.clear();
    s.doViewChanges.clear();
    if (status == VrStatus.NORMAL) {
      s.lastNormalView = s.view;
    }
    if (s.primary) {
      out.cancelTimer(new VrTimer.ViewTimeout());
      out.setTimer(new VrTimer.CommitDue(), config.commitIntervalTicks());
    } else if (status == VrStatus.RECOVERING) {
      out.cancelTimer(new VrTimer.ViewTimeout());
      out.cancelTimer(new VrTimer.CommitDue());
    } else {
      out.cancelTimer(new VrTimer.CommitDue());
      armViewTimeout(out);
    }
    out.annotate(Annotations.VIEW, Long.toString(s.view));
    out.annotate(Annotations.ROLE, role(s) + " (" + reason + ")");
  }

  static String role(VrState s) {
    if (s.status != VrStatus.NORMAL) {
      return s.status.label();
    }
    return s.primary ? Annotations.Roles.PRIMARY : Annotations.Roles.BACKUP;
  }

  void armViewTimeout(Effects<VrMessage, VrTimer> out) {
    out.setTimer(
        new VrTimer.ViewTimeout(), config.viewTimeoutTicksMin(), config.viewTimeoutTicksMax());
  }

  /** Replaces the log, and rebuilds the logged half of the client table from it. */
  void installLog(VrState s, List<VrOp> log) {
    s.log = new ArrayList<>(log);
    s.logRewrites++;
    if (bug != VrBug.V5) { // V5: the client table is not rebuilt from the new log
      s.latestRequest.clear();
      for (VrOp op : s.log) {
        s.latestRequest.merge(op.client().name(), op.requestNumber(), Math::max);
      }
    }
  }

  /** Appends one op at the end of the log and records it in the client table. */
  static void append(VrState s, VrOp op) {
    s.log.add(op);
    s.latestRequest.merge(op.client().name(), op.requestNumber(), Math::max);
  }

  /** Raises the commit number to {@code k}, never past the end of the log. */
  static void learnCommit(VrState s, long k) {
    s.commit = Math.max(s.commit, Math.min(k, s.log.size()));
  }

  /**
   * Executes every committed op not yet executed, in op order (an up-call to the KV service); the
   * primary replies to each op's client. No duplicate check here: the client table keeps a request
   * from entering the log twice, and an op in the log runs every time it is executed.
   */
  void execute(VrState s, Effects<VrMessage, VrTimer> out) {
    while (s.executed < s.commit && s.executed < s.log.size()) {
      VrOp op = s.log.get((int) s.executed);
      String result = s.kv.apply(op.f(), op.key(), op.value());
      s.results.record(op.client().name(), op.requestNumber(), result);
      s.executed++;
      if (s.primary) {
        out.send(op.client(), new VrMessage.Reply(s.view, op.requestNumber(), result));
      }
    }
  }

  /** In the durableView model, writes view, log and commit number (before any promise of them). */
  void persist(VrState s, Effects<VrMessage, VrTimer> out) {
    persist(s, s.view, out);
  }

  /** Writes {@code view} as the replica's view on disk (its current view, but for V11). */
  void persist(VrState s, long view, Effects<VrMessage, VrTimer> out) {
    if (config.durableView()) {
      s.savedView = view;
      out.persist(
          new VrDurable.Saved(
              s.incarnation,
              view,
              Math.min(s.lastNormalView, view),
              ImmutableList.copyOf(s.log),
              s.commit,
              s.view));
    }
  }

  /** Sends PREPAREOK for the whole log to the primary (it acknowledges every earlier entry). */
  void acknowledge(VrState s, Effects<VrMessage, VrTimer> out) {
    if (s.status == VrStatus.NORMAL && !s.primary) {
      out.send(primaryOf(s, s.view), new VrMessage.PrepareOk(s.view, s.log.size()));
    }
  }
}
