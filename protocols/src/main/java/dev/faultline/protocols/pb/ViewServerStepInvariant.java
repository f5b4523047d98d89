package dev.faultline.protocols.pb;

import dev.faultline.protocols.pb.PbMessage.GetView;
import dev.faultline.protocols.pb.PbMessage.Ping;
import dev.faultline.protocols.pb.PbMessage.ViewReply;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each step of the view server is one its rules allow, given what it received (option {@code
 * checkSteps}): a ping is recorded (the pinger counts as alive, its boot count is kept, a view
 * member's first ping after a reboot marks it restarted, the primary's ping of the current view
 * acknowledges it), then the view becomes the one {@link Rule} demands between checks, and the
 * pinger is told the view unless it is a restarted primary of a view that cannot change; at the
 * ping check the view becomes the one the rule demands from the two intervals that just ended, and
 * a new interval starts; a view request is answered with the view; a view server that restarted
 * says nothing. A view server that decides late, or never, breaks this at the step, even when a
 * later step makes up for it and the run finishes in time.
 */
final class ViewServerStepInvariant implements Invariant {
  private final NodeId viewServer;
  private final List<NodeId> servers;

  /** The view server as the last check saw it: its state before the step being judged. */
  private ViewServerState seen;

  private Before before;

  /** What a step may change of the view server's state, copied (the state changes in place). */
  private record Before(
      View view,
      boolean acked,
      TreeSet<NodeId> thisInterval,
      TreeSet<NodeId> lastInterval,
      TreeMap<NodeId, Long> incarnations,
      TreeSet<NodeId> restarted) {

    static Before of(ViewServerState s) {
      return new Before(
          s.view,
          s.primaryAcked,
          new TreeSet<>(s.pingedThisInterval),
          new TreeSet<>(s.pingedLastInterval),
          new TreeMap<>(s.incarnations),
          new TreeSet<>(s.restarted));
    }
  }

  ViewServerStepInvariant(NodeId viewServer, List<NodeId> servers) {
    this.viewServer = viewServer;
    this.servers = List.copyOf(servers);
  }

  @Override
  public String name() {
    return "ViewServerSteps";
  }

  @Override
  public boolean judgesSteps() {
    return true;
  }

  @Override
  public String check(SystemView sv) {
    List<Step> steps = sv.lastSteps();
    if (steps == null) {
      return null; // steps not recorded (the explorer): a step rule holds
    }
    ViewServerState now = sv.stateAs(viewServer, ViewServerState.class);
    String wrong = null;
    boolean stepped = false;
    for (Step step : steps) {
      if (step.node().equals(viewServer)) {
        stepped = true;
        if (wrong == null && now != null && now == seen && before != null) {
          wrong = judge(step, now);
        }
      }
    }
    if (stepped || now != seen) {
      seen = now;
      before = now == null ? null : Before.of(now);
    }
    return wrong;
  }

  private String judge(Step step, ViewServerState s) {
    if (s.halted) {
      return step.sent().isEmpty() ? null : "a view server that restarted sent " + step.sent();
    }
    if (step.timer() instanceof PbTimer.PingCheck) {
      return judgeCheck(step, s);
    }
    if (step.message() instanceof Ping p) {
      return judgePing(step, p, s);
    }
    if (step.message() instanceof GetView) {
      ViewReply want = new ViewReply(s.view, 0, 0);
      return PbStepInvariants.exactly(step, step.from(), want, "a view request");
    }
    return null;
  }

  private String judgeCheck(Step step, ViewServerState s) {
    Rule rule =
        new Rule(
            before.view, before.acked, before.thisInterval, before.lastInterval, before.restarted);
    View want = Objects.requireNonNullElse(rule.next(servers, true), before.view);
    if (!s.view.equals(want)) {
      return "at the ping check the view became "
          + s.view
          + "; the rules give "
          + want
          + " ("
          + rule.reasons()
          + ")";
    }
    if (!s.pingedThisInterval.isEmpty() || !s.pingedLastInterval.equals(before.thisInterval)) {
      return "the ping check did not start a new interval: pinged this interval "
          + s.pingedThisInterval
          + ", last "
          + s.pingedLastInterval
          + " (before the check: "
          + before.thisInterval
          + ")";
    }
    return step.sent().isEmpty() ? null : "the ping check sent " + step.sent();
  }

  private String judgePing(Step step, Ping p, ViewServerState s) {
    NodeId n = step.from();
    String what = "a ping from " + n + " (view " + p.viewNum() + ", life " + p.incarnation() + ")";
    Long known = before.incarnations.get(n);
    boolean member = n.equals(before.view.primary()) || n.equals(before.view.backup());
    TreeSet<NodeId> restarted = new TreeSet<>(before.restarted);
    if (p.viewNum() == 0 && known != null && known != p.incarnation() && member) {
      restarted.add(n); // a reboot: the member lost its state, although it pings
    }
    TreeSet<NodeId> pinged = new TreeSet<>(before.thisInterval);
    pinged.add(n);
    boolean acked =
        before.acked
            || (n.equals(before.view.primary())
                && p.viewNum() == before.view.num()
                && !restarted.contains(n));
    Rule rule = new Rule(before.view, acked, pinged, before.lastInterval, restarted);
    View next = before.view.num() == 0 ? new View(1, n, null) : rule.next(servers, false);
    View want = next == null ? before.view : next;
    if (!s.view.equals(want)) {
      return "after "
          + what
          + " the view is "
          + s.view
          + "; the rules give "
          + want
          + " ("
          + rule.reasons()
          + ")";
    }
    String kept = recorded(n, p, s, next == null ? acked : false, next == null ? restarted : null);
    if (kept != null) {
      return "after " + what + " " + kept;
    }
    if (s.view.isPrimary(n) && s.restarted.contains(n)) {
      return PbStepInvariants.none(step, n, "a restarted primary of a view that cannot change");
    }
    long backupLife =
        s.view.backup() == null ? 0 : s.incarnations.getOrDefault(s.view.backup(), 0L);
    return PbStepInvariants.exactly(
        step, n, new ViewReply(s.view, p.incarnation(), backupLife), what);
  }

  /**
   * Whether the ping was recorded as the rules say: the pinger counts as pinged, its boot count is
   * kept, and (when the view did not change: {@code restarted} non-null) the acknowledgement and
   * the restarts are as computed; a view change starts unacknowledged with no restarts.
   */
  private static String recorded(
      NodeId n, Ping p, ViewServerState s, boolean acked, TreeSet<NodeId> restarted) {
    if (!s.pingedThisInterval.contains(n)) {
      return n + " is not recorded as pinged";
    }
    if (!Objects.equals(s.incarnations.get(n), p.incarnation())) {
      return n + "'s boot count is recorded as " + s.incarnations.get(n);
    }
    if (s.primaryAcked != acked) {
      return "the view's acknowledgement is " + s.primaryAcked + ", not " + acked;
    }
    TreeSet<NodeId> want = restarted == null ? new TreeSet<>() : restarted;
    return s.restarted.equals(want) ? null : "restarted is " + s.restarted + ", not " + want;
  }

  @Override
  public boolean resetForReuse() {
    seen = null;
    before = null;
    return true;
  }

  /**
   * The view server's decision rule as the protocol states it ({@code docs/protocols/pb.md}),
   * written apart from {@link ViewServer} so that a fault in the implementation does not also
   * change the judge: the next view the rules demand, given what the view server has recorded. A
   * server is <em>alive</em> when it pinged in the current or the previous check interval and was
   * not seen restarting; at the ping check a primary or backup that is not alive has failed, and
   * between checks only one seen restarting has (a silent server is declared dead only at the
   * check).
   *
   * @param view the current view
   * @param acked whether its primary acknowledged it
   * @param thisInterval who pinged in the current check interval
   * @param lastInterval who pinged in the one before
   * @param restarted the view's primary or backup seen restarting (a new boot count, view 0)
   */
  record Rule(
      View view,
      boolean acked,
      Set<NodeId> thisInterval,
      Set<NodeId> lastInterval,
      Set<NodeId> restarted) {

    boolean alive(NodeId n) {
      return n != null
          && !restarted.contains(n)
          && (thisInterval.contains(n) || lastInterval.contains(n));
    }

    private boolean failed(NodeId n, boolean atCheck) {
      return atCheck ? !alive(n) : restarted.contains(n);
    }

    /** The first live server, in id order, that is neither the view's primary nor its backup. */
    NodeId idle(List<NodeId> servers) {
      for (NodeId n : servers) {
        if (!n.equals(view.primary()) && !n.equals(view.backup()) && alive(n)) {
          return n;
        }
      }
      return null;
    }

    /**
     * The view the rules move to now, or null when they keep the current one. Only from a view its
     * primary acknowledged; a failed primary is replaced by a live backup (none: stuck, an idle
     * server is never promoted), a failed backup by the first live idle server or nobody, and a
     * missing backup by the first live idle server.
     */
    View next(List<NodeId> servers, boolean atCheck) {
      if (view.num() == 0 || !acked) {
        return null;
      }
      NodeId p = view.primary();
      NodeId b = view.backup();
      if (failed(p, atCheck)) {
        return b != null && alive(b) ? new View(view.num() + 1, b, idle(servers)) : null;
      }
      if (b != null && failed(b, atCheck)) {
        return new View(view.num() + 1, p, idle(servers));
      }
      if (b == null) {
        NodeId candidate = idle(servers);
        return candidate == null ? null : new View(view.num() + 1, p, candidate);
      }
      return null;
    }

    /** Why {@code next} is what it is, for a failure message. */
    String reasons() {
      return "view "
          + view
          + (acked ? " acknowledged" : " not acknowledged")
          + ", pinged this interval "
          + thisInterval
          + ", last "
          + lastInterval
          + ", restarted "
          + restarted;
    }
  }
}
