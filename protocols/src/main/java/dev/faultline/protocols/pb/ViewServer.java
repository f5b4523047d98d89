package dev.faultline.protocols.pb;

import dev.faultline.protocols.pb.PbMessage.GetView;
import dev.faultline.protocols.pb.PbMessage.Ping;
import dev.faultline.protocols.pb.PbMessage.ViewReply;
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;

/**
 * The view service (node {@code vs}): tracks which servers ping, and moves to the next view only
 * when the primary has acknowledged the current one. Rules it keeps:
 *
 * <ul>
 *   <li>the primary of view i+1 is the primary or the backup of view i; an idle server is never
 *       promoted to primary (primary dead and no live backup: stuck, by design);
 *   <li>no view change until the current primary acknowledged the current view;
 *   <li>a server that restarted (a Ping(0) with a new incarnation) lost its state: it counts as
 *       failed in the current view even though it pings.
 * </ul>
 */
public final class ViewServer implements Protocol<ViewServerState, PbMessage, PbTimer> {

  /** Written on first boot: a restart that finds it knows it has forgotten the view. */
  record BootMarker() implements Durable {}

  private final PbConfig config;
  private final PbBug bug;
  private final List<NodeId> servers;

  /**
   * False only in a test that plants the bug "the view server never adds a backup", to show that
   * the progress-limit excuse then no longer holds (see {@link ViewServerState#backupWithheld}).
   */
  private final boolean addsBackups;

  public ViewServer(PbConfig config, PbBug bug, List<NodeId> servers) {
    this(config, bug, servers, true);
  }

  ViewServer(PbConfig config, PbBug bug, List<NodeId> servers, boolean addsBackups) {
    this.config = config;
    this.bug = bug;
    this.servers = List.copyOf(servers);
    this.addsBackups = addsBackups;
  }

  @Override
  public ViewServerState init(NodeId self, Durable durable, Effects<PbMessage, PbTimer> out) {
    ViewServerState s = new ViewServerState();
    if (durable != null) {
      // The view server is not replicated; a restart that forgot the view could hand the first
      // pinger (maybe an empty, restarted server) a fresh view 1. Staying silent keeps safety and
      // makes this a progress limit, reported as Liveness.
      s.halted = true;
      s.announcedLimit = s.progressLimit();
      out.annotate(Annotations.VIEW, ViewServerState.HALTED_LABEL);
      out.annotate(Annotations.PROGRESS_LIMIT, s.announcedLimit);
      return s;
    }
    out.persist(new BootMarker());
    out.setTimer(new PbTimer.PingCheck(), config.pingCheckTicks());
    out.annotate(Annotations.VIEW, s.view.toString());
    return s;
  }

  @Override
  public void onMessage(
      ViewServerState s, NodeId from, PbMessage message, Effects<PbMessage, PbTimer> out) {
    if (s.halted || !(message instanceof PbMessage.ToViewServer toViewServer)) {
      return;
    }
    switch (toViewServer) {
      case Ping p -> onPing(s, from, p, out);
      case GetView g -> out.send(from, new ViewReply(s.view, 0, 0));
    }
  }

  @Override
  public void onTimer(ViewServerState s, PbTimer timer, Effects<PbMessage, PbTimer> out) {
    if (s.halted || !(timer instanceof PbTimer.ViewServerTimer viewServerTimer)) {
      return;
    }
    switch (viewServerTimer) {
      case PbTimer.PingCheck c -> {
        // Decide first: a server is dead only if it pinged in neither of the two intervals that
        // just ended (two-set check). Then start a new interval.
        decide(s, true, out);
        s.newInterval();
        out.setTimer(new PbTimer.PingCheck(), config.pingCheckTicks());
      }
    }
  }

  private void onPing(ViewServerState s, NodeId from, Ping p, Effects<PbMessage, PbTimer> out) {
    Long known = s.incarnationSeen(from, p.incarnation());
    boolean restartedNow = p.viewNum() == 0 && known != null && known != p.incarnation();
    boolean inView = s.view.isPrimary(from) || s.view.isBackup(from);
    if (restartedNow && inView && bug != PbBug.B7) {
      s.markRestarted(from);
    }
    s.pinged(from);
    if (s.view.num() == 0) {
      // Startup: the first server to ping becomes primary of view 1 (nobody has state yet).
      changeView(s, new View(1, from, null), out);
    } else if (s.view.isPrimary(from)
        && p.viewNum() == s.view.num()
        && !s.restarted.contains(from)) {
      s.primaryAcked = true;
    }
    // Deaths are decided only at the check: just after one, the interval before last is
    // forgotten, so a server whose next ping is still in flight would look dead after ~22 ticks
    // of silence (views churned about once per 100 ticks in a quiet network). A ping may still
    // start the first view, add a backup, or act on a restart it reports.
    decide(s, false, out);
    if (s.view.isPrimary(from) && s.restarted.contains(from)) {
      // A restarted primary of a view we cannot leave (not acknowledged, or no backup) must not
      // learn that it is primary: it would serve from empty state.
      return;
    }
    out.send(from, new ViewReply(s.view, p.incarnation(), backupIncarnation(s)));
  }

  /** The boot count last seen from the current view's backup (0: no backup). */
  private static long backupIncarnation(ViewServerState s) {
    NodeId b = s.view.backup();
    return b == null ? 0 : s.incarnations.getOrDefault(b, 0L);
  }

  private static boolean alive(ViewServerState s, NodeId n) {
    return s.alive(n);
  }

  /**
   * Whether view member {@code n} counts as failed: at the check, by the two-set rule; between
   * checks, only if it reported a restart (it pinged, so it is not silent, but lost its state).
   */
  private static boolean failed(ViewServerState s, NodeId n, boolean atCheck) {
    return atCheck ? !s.alive(n) : s.restarted.contains(n);
  }

  /** The first live server that is neither primary nor backup, or null. */
  private NodeId idle(ViewServerState s) {
    for (NodeId n : servers) {
      if (!s.view.isPrimary(n) && !s.view.isBackup(n) && alive(s, n)) {
        return n;
      }
    }
    return null;
  }

  /**
   * Moves to the next view if the rules allow. {@code atCheck}: called at the ping check, the only
   * place a silent server is declared dead; elsewhere only a reported restart counts as a failure.
   */
  private void decide(ViewServerState s, boolean atCheck, Effects<PbMessage, PbTimer> out) {
    if (s.view.num() == 0) {
      return; // startup: nobody has pinged (the first ping makes view 1), so no view or limit yet
    }
    decideViewChange(s, atCheck, out);
    View v = s.view;
    if (v.backup() == null && s.primaryAcked && alive(s, v.primary()) && idle(s) != null) {
      // A live idle server could have become the backup and did not: a primary failing from here
      // on fails for want of a backup the service withheld, not one it lacked.
      s.backupWithheld = true;
    }
    // Say so in the trace when the service enters (or leaves) a known progress limit, so a report
    // or a fuzzer can tell an accepted Liveness outcome from a bug.
    // Entered only at the check (a limit a ping could announce just after one would rest on the
    // same half-forgotten interval), left as soon as a ping clears it.
    String limit = s.progressLimit();
    if (!java.util.Objects.equals(limit, s.announcedLimit) && (atCheck || limit == null)) {
      s.announcedLimit = limit;
      out.annotate(Annotations.PROGRESS_LIMIT, limit == null ? "none" : limit);
    }
  }

  private void decideViewChange(
      ViewServerState s, boolean atCheck, Effects<PbMessage, PbTimer> out) {
    View v = s.view;
    if (!s.primaryAcked && bug != PbBug.B5) {
      return; // rule 5: never move past a view its primary has not acknowledged
    }
    if (failed(s, v.primary(), atCheck)) {
      if (v.backup() != null && alive(s, v.backup())) {
        changeView(s, new View(v.num() + 1, v.backup(), idle(s)), out);
      }
      // else: primary gone and no live backup. Promoting an idle server would lose every write,
      // so the service is stuck (a known progress limit).
    } else if (v.backup() != null && failed(s, v.backup(), atCheck)) {
      changeView(s, new View(v.num() + 1, v.primary(), idle(s)), out);
    } else if (v.backup() == null && addsBackups) {
      NodeId candidate = idle(s);
      if (candidate != null) {
        changeView(s, new View(v.num() + 1, v.primary(), candidate), out);
      }
    }
  }

  private void changeView(ViewServerState s, View next, Effects<PbMessage, PbTimer> out) {
    boolean fromAcked = s.view.num() == 0 || s.primaryAcked;
    s.logChange(new ViewServerState.ViewChange(s.view, next, fromAcked)); // restarts forgotten
    s.view = next;
    s.primaryAcked = false;
    s.backupWithheld = false;
    out.annotate(Annotations.VIEW, next.toString());
  }
}
