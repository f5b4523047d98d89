package dev.faultline.protocols.pb;

import dev.faultline.protocols.pb.PbMessage.ClientReply;
import dev.faultline.protocols.pb.PbMessage.ClientRequest;
import dev.faultline.protocols.pb.PbMessage.Forward;
import dev.faultline.protocols.pb.PbMessage.ForwardReply;
import dev.faultline.protocols.pb.PbMessage.Ping;
import dev.faultline.protocols.pb.PbMessage.StateTransfer;
import dev.faultline.protocols.pb.PbMessage.StateTransferAck;
import dev.faultline.protocols.pb.PbMessage.ViewReply;
import dev.faultline.protocols.pb.PbMessage.WrongServer;
import dev.faultline.protocols.pb.PbServerState.Request;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Step;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * Each step of a PB server is one its rules allow, given what it received (option {@code
 * checkSteps}). A server that is not the primary of its view answers a client request with {@code
 * WrongServer} in that step; a primary answers it, forwards it, or queues it (or drops it, older
 * than the last it executed for that client); a primary whose state transfer is done and that has
 * no operation at the backup has no operation waiting; an operation it starts is forwarded to the
 * backup in its view, and again at each forward retry; a backup's answer is passed on to the client
 * (a refusal as {@code WrongServer}, with a ping to learn the view); a newer view for this life is
 * adopted, and its primary sends the state transfer to the life of the backup the view server
 * reported (again when it reports a new life, and at each retry); the backup's acknowledgement from
 * that life completes the transfer, and the primary then acknowledges the view to the view server
 * at once; a backup answers a forward of a view not newer than its own, accepting it exactly when
 * it is the backup of that view and installed its snapshot, and acknowledges a snapshot addressed
 * to this life for its view; a server pings as it boots and at each ping tick.
 *
 * <p>Each of these only hastens or confirms what a retry would redo later, so a server that breaks
 * one is usually still correct and fast enough for the latency bounds: this judges the step.
 */
final class ServerStepInvariant implements Invariant {
  private final NodeId viewServer;
  private final List<NodeId> servers;

  /** Per server (in order): its state as the last check saw it, and what a step may change. */
  private final PbServerState[] seen;

  private final Before[] before;

  /** What a step may change of a server's state, as it was before the step. */
  private record Before(View view, boolean transferDone, long backupIncarnation, Request pending) {
    static Before of(PbServerState s) {
      return new Before(s.view, s.transferDone, s.backupIncarnation, s.pending);
    }

    boolean needsTransfer(NodeId self) {
      return view.isPrimary(self) && view.backup() != null && !transferDone;
    }
  }

  ServerStepInvariant(NodeId viewServer, List<NodeId> servers) {
    this.viewServer = viewServer;
    this.servers = List.copyOf(servers);
    this.seen = new PbServerState[servers.size()];
    this.before = new Before[servers.size()];
  }

  @Override
  public String name() {
    return "ServerSteps";
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
    String wrong = null;
    for (Step step : steps) {
      int i = servers.indexOf(step.node());
      if (i < 0) {
        continue;
      }
      PbServerState s = sv.stateAs(step.node(), PbServerState.class);
      if (wrong == null && s != null && step.kind() == Step.Kind.BOOT) {
        wrong = onBoot(step, s);
      } else if (wrong == null && s != null && s == seen[i]) {
        wrong = judge(step, before[i], s);
      }
      seen[i] = s;
      before[i] = s == null ? null : Before.of(s);
    }
    return wrong;
  }

  private String judge(Step step, Before b, PbServerState s) {
    String wrong =
        switch (step.message()) {
          case ClientRequest r -> onRequest(step, r, s);
          case ViewReply r -> onViewReply(step, r, b, s);
          case ForwardReply r -> onForwardReply(step, r, b, s);
          case StateTransferAck a -> onAck(step, a, b, s);
          case Forward f -> onForward(step, f, s);
          case StateTransfer t -> onTransfer(step, t, s);
          case null, default -> onTimer(step, s);
        };
    return wrong != null ? wrong : started(step, b, s);
  }

  /** A non-primary refuses; a primary replies now, or holds the request (forwarded or queued). */
  private String onRequest(Step step, ClientRequest r, PbServerState s) {
    NodeId c = step.from();
    String what = "request " + r.seq() + " of " + c + " in view " + s.view;
    if (!s.view.isPrimary(step.node())) {
      return PbStepInvariants.sent(step, c, WrongServer.class, w -> w.seq() == r.seq())
          ? null
          : step.node() + " is not the primary and did not refuse " + what;
    }
    boolean answered = PbStepInvariants.sent(step, c, ClientReply.class, m -> m.seq() == r.seq());
    boolean held =
        holds(s.pending, c, r.seq()) || s.queue.stream().anyMatch(q -> holds(q, c, r.seq()));
    boolean stale = // older than the last it executed for c, whose answer is the one kept
        s.sessions.alreadyExecuted(c.name(), r.seq())
            && s.sessions.outputOf(c.name(), r.seq()) == null;
    return answered || held || stale
        ? null
        : "the primary " + step.node() + " neither answered nor kept " + what;
  }

  private static boolean holds(Request q, NodeId client, long seq) {
    return q != null && q.client().equals(client) && q.seq() == seq;
  }

  /** A newer view for this life is adopted; a primary with a backup sends it the state. */
  private String onViewReply(Step step, ViewReply r, Before b, PbServerState s) {
    if (r.incarnation() != s.incarnation) {
      return null; // a reply to an earlier life's ping
    }
    NodeId self = step.node();
    String what = "the view reply " + r.view() + " (backup's life " + r.backupIncarnation() + ")";
    if (r.view().num() > b.view.num() && !s.view.equals(r.view())) {
      return self + " in view " + b.view + " did not adopt " + what;
    }
    boolean adopted = r.view().num() > b.view.num();
    boolean readdress =
        r.view().num() == b.view.num()
            && b.needsTransfer(self)
            && r.backupIncarnation() != b.backupIncarnation;
    if ((adopted && s.view.isPrimary(self) && s.view.backup() != null) || readdress) {
      long life = r.backupIncarnation();
      boolean sent =
          PbStepInvariants.sent(
              step,
              s.view.backup(),
              StateTransfer.class,
              t -> t.viewNum() == s.view.num() && t.toIncarnation() == life);
      return sent
          ? null
          : self + " did not send its state to the backup's life " + life + " after " + what;
    }
    return null;
  }

  /** The backup's answer to the pending operation reaches its client. */
  private String onForwardReply(Step step, ForwardReply r, Before b, PbServerState s) {
    Request req = b.pending;
    if (req == null
        || r.viewNum() != b.view.num()
        || !req.client().equals(r.client())
        || req.seq() != r.seq()) {
      return null; // stale: another view, or an operation given up on
    }
    String what = "the backup's answer to request " + req.seq() + " of " + req.client();
    if (r.accepted()) {
      return PbStepInvariants.sent(step, req.client(), ClientReply.class, m -> m.seq() == req.seq())
          ? null
          : step.node() + " did not reply after " + what;
    }
    boolean refused =
        PbStepInvariants.sent(step, req.client(), WrongServer.class, m -> m.seq() == req.seq());
    boolean pinged = PbStepInvariants.sent(step, viewServer, Ping.class, p -> true);
    return refused && pinged
        ? null
        : step.node() + " did not refuse the client and ping after the refusal in " + what;
  }

  /** The ack of the life the transfer was addressed to completes it; the view is acked at once. */
  private String onAck(Step step, StateTransferAck a, Before b, PbServerState s) {
    NodeId self = step.node();
    if (a.viewNum() != b.view.num()
        || a.incarnation() != b.backupIncarnation
        || !b.needsTransfer(self)) {
      return null; // stale, a repeat, or from another life of the backup
    }
    if (!s.transferDone) {
      return self + " did not count its transfer done on the ack " + a;
    }
    boolean pinged =
        PbStepInvariants.sent(
            step,
            viewServer,
            Ping.class,
            p -> p.viewNum() == s.view.num() && p.incarnation() == s.incarnation);
    return pinged ? null : self + " did not acknowledge view " + s.view + " after the ack " + a;
  }

  /** A forward not from a newer view is answered: accepted exactly in the backup's own view. */
  private String onForward(Step step, Forward f, PbServerState s) {
    if (f.viewNum() > s.view.num()) {
      return PbStepInvariants.none(
          step, step.from(), "on a forward of a newer view " + f.viewNum());
    }
    boolean accept =
        f.viewNum() == s.view.num()
            && s.view.isBackup(step.node())
            && s.installedViewNum == s.view.num();
    ForwardReply want = new ForwardReply(f.viewNum(), f.client(), f.seq(), accept);
    return PbStepInvariants.exactly(step, step.from(), want, "a forward of view " + f.viewNum());
  }

  /** A snapshot for this backup's view, addressed to this life, is installed and acknowledged. */
  private String onTransfer(Step step, StateTransfer t, PbServerState s) {
    boolean forMe =
        t.viewNum() == s.view.num()
            && s.view.isBackup(step.node())
            && t.toIncarnation() == s.incarnation;
    if (!forMe) {
      return PbStepInvariants.none(step, step.from(), "on a snapshot not for its view and life");
    }
    if (s.installedViewNum != t.viewNum()) {
      return step.node() + " did not install the snapshot of its view " + t.viewNum();
    }
    StateTransferAck want = new StateTransferAck(t.viewNum(), s.incarnation);
    return PbStepInvariants.exactly(step, step.from(), want, "the snapshot of view " + t.viewNum());
  }

  /**
   * A server pings as it boots, with view 0 and its new boot count: the view server learns of a
   * restart at once.
   */
  private String onBoot(Step step, PbServerState s) {
    return PbStepInvariants.sent(
            step, viewServer, Ping.class, p -> p.viewNum() == 0 && p.incarnation() == s.incarnation)
        ? null
        : step.node() + " booted (life " + s.incarnation + ") without pinging";
  }

  /** A ping tick pings; a retry re-sends what is outstanding. */
  private String onTimer(Step step, PbServerState s) {
    NodeId self = step.node();
    if (step.timer() instanceof PbTimer.PingTick) {
      return PbStepInvariants.sent(
              step, viewServer, Ping.class, p -> p.incarnation() == s.incarnation)
          ? null
          : self + " did not ping at its ping tick";
    }
    if (step.timer() instanceof PbTimer.ForwardRetry && s.pending != null) {
      return forwarded(step, s, s.pending) ? null : self + " did not re-send " + s.pending;
    }
    if (step.timer() instanceof PbTimer.TransferRetry
        && s.view.isPrimary(self)
        && s.view.backup() != null
        && !s.transferDone) {
      boolean sent =
          PbStepInvariants.sent(
              step, s.view.backup(), StateTransfer.class, t -> t.viewNum() == s.view.num());
      return sent ? null : self + " did not re-send its state at the transfer retry";
    }
    return null;
  }

  /**
   * After every step: an operation the primary started in it was forwarded to the backup, and a
   * primary whose transfer is done and that has nothing at the backup has nothing waiting either.
   */
  private static String started(Step step, Before b, PbServerState s) {
    NodeId self = step.node();
    if (s.pending != null && s.pending != b.pending && !forwarded(step, s, s.pending)) {
      return self + " started " + s.pending + " without forwarding it to " + s.view.backup();
    }
    if (s.view.isPrimary(self) && s.transferDone && s.pending == null && !s.queue.isEmpty()) {
      return "the primary " + self + " of " + s.view + " is free but left " + s.queue + " waiting";
    }
    return null;
  }

  private static boolean forwarded(Step step, PbServerState s, Request q) {
    Forward want = new Forward(s.view.num(), q.client(), q.seq(), q.f(), q.key(), q.value());
    return PbStepInvariants.sent(step, s.view.backup(), Forward.class, want::equals);
  }

  @Override
  public boolean resetForReuse() {
    java.util.Arrays.fill(seen, null);
    java.util.Arrays.fill(before, null);
    return true;
  }
}
