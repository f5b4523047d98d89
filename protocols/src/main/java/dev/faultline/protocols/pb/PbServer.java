package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.common.SessionTable;
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
import dev.faultline.sim.api.Annotations;
import dev.faultline.sim.api.Annotations.Roles;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A primary/backup KV server. It learns its view from ping replies, and:
 *
 * <ul>
 *   <li>as primary: forwards every operation (Gets too) to the backup and waits for it before
 *       executing and replying (rule 1); one operation at a time; no operations while the state
 *       transfer to a new backup is outstanding (rule 6); keeps pinging the previous view number
 *       until that transfer is acknowledged, so the view server cannot promote a backup that lacks
 *       the state (DSLabs refinement);
 *   <li>as backup: applies a forward only in exactly the forward's view, after installing that
 *       view's snapshot (rule 2); installs only the snapshot of its current view, once;
 *   <li>otherwise: rejects client requests (rule 4).
 * </ul>
 *
 * The at-most-once table travels with the snapshot and is applied on forwards, so a retried
 * operation never runs twice.
 */
public final class PbServer implements Protocol<PbServerState, PbMessage, PbTimer> {

  /** Boot counter, the only thing a server persists: a restart shows up as a new incarnation. */
  public record BootRecord(long incarnation) implements Durable {}

  private final PbConfig config;
  private final PbBug bug;
  private final NodeId viewServer;

  public PbServer(PbConfig config, PbBug bug, NodeId viewServer) {
    this.config = config;
    this.bug = bug;
    this.viewServer = viewServer;
  }

  @Override
  public PbServerState init(NodeId self, Durable durable, Effects<PbMessage, PbTimer> out) {
    long incarnation = durable instanceof BootRecord b ? b.incarnation() + 1 : 1;
    out.persist(new BootRecord(incarnation));
    PbServerState s = new PbServerState(incarnation);
    out.annotate(Annotations.ROLE, Roles.IDLE);
    ping(s, out);
    out.setTimer(new PbTimer.PingTick(), config.pingIntervalTicks());
    return s;
  }

  @Override
  public void onMessage(
      PbServerState s, NodeId from, PbMessage message, Effects<PbMessage, PbTimer> out) {
    if (!(message instanceof PbMessage.ToServer toServer)) {
      return; // meant for the view server or a client
    }
    switch (toServer) {
      case ViewReply r -> onViewReply(s, r, out);
      case ClientRequest r -> onClientRequest(s, from, r, out);
      case Forward f -> onForward(s, from, f, out);
      case ForwardReply r -> onForwardReply(s, r, out);
      case StateTransfer t -> onStateTransfer(s, from, t, out);
      case StateTransferAck a -> onStateTransferAck(s, a, out);
    }
  }

  @Override
  public void onTimer(PbServerState s, PbTimer timer, Effects<PbMessage, PbTimer> out) {
    if (!(timer instanceof PbTimer.ServerTimer serverTimer)) {
      return;
    }
    switch (serverTimer) {
      case PbTimer.PingTick t -> {
        ping(s, out);
        out.setTimer(t, config.pingIntervalTicks());
      }
      case PbTimer.ForwardRetry t -> {
        if (s.pending != null) {
          sendForward(s, s.pending, out);
        }
      }
      case PbTimer.TransferRetry t -> {
        if (needsTransfer(s, out.self())) {
          sendTransfer(s, out);
        }
      }
    }
  }

  // ------------------------------------------------------------------ views

  private void ping(PbServerState s, Effects<PbMessage, PbTimer> out) {
    out.send(viewServer, new Ping(s.reportedViewNum, s.incarnation));
  }

  private void onViewReply(PbServerState s, ViewReply r, Effects<PbMessage, PbTimer> out) {
    if (r.incarnation() != s.incarnation) {
      return; // a reply to an earlier life's ping
    }
    NodeId self = out.self();
    if (r.view().num() == s.view.num()
        && needsTransfer(s, self)
        && r.backupIncarnation() != s.backupIncarnation) {
      // The backup restarted while our transfer was outstanding: re-address the snapshot to its
      // new life (the state is unchanged, since nothing runs while a transfer is outstanding).
      s.backupIncarnation = r.backupIncarnation();
      sendTransfer(s, out);
      return;
    }
    if (r.view().num() <= s.view.num()) {
      return; // nothing new
    }
    View v = r.view();
    s.view = v;
    s.backupIncarnation = r.backupIncarnation();
    s.pending = null;
    out.cancelTimer(new PbTimer.ForwardRetry());
    if (v.isPrimary(self)) {
      if (v.backup() != null) {
        // Keep acknowledging the previous view until the new backup has the state.
        s.transferDone = false;
        sendTransfer(s, out);
      } else {
        s.transferDone = true;
        s.reportedViewNum = v.num();
        out.cancelTimer(new PbTimer.TransferRetry());
      }
    } else {
      s.transferDone = false;
      s.reportedViewNum = v.num();
      s.queue.clear();
      out.cancelTimer(new PbTimer.TransferRetry());
    }
    out.annotate(Annotations.VIEW, v.toString());
    out.annotate(Annotations.ROLE, v.roleOf(self));
    pump(s, out);
  }

  private boolean needsTransfer(PbServerState s, NodeId self) {
    return s.view.isPrimary(self) && s.view.backup() != null && !s.transferDone;
  }

  // ------------------------------------------------------------------ primary

  private void onClientRequest(
      PbServerState s, NodeId client, ClientRequest r, Effects<PbMessage, PbTimer> out) {
    Request req = new Request(client, r.seq(), r.f(), r.key(), r.value());
    if (!s.view.isPrimary(out.self())) {
      if (bug == PbBug.B8 && s.view.num() > 0) {
        reply(s, req, execute(s, req), out); // B8: a non-primary serves the client itself
        return;
      }
      out.send(client, new WrongServer(r.seq(), "not primary in view " + s.view));
      return;
    }
    if (req.equals(s.pending)) {
      return; // already with the backup; the answer will come
    }
    s.queue.removeIf(q -> q.client().equals(client));
    s.queue.add(req);
    pump(s, out);
  }

  /** Starts the next queued operation, if the primary may: one at a time, never mid-transfer. */
  private void pump(PbServerState s, Effects<PbMessage, PbTimer> out) {
    NodeId self = out.self();
    while (s.pending == null && !s.queue.isEmpty() && s.view.isPrimary(self) && s.transferDone) {
      Request req = s.queue.remove(0);
      if (s.sessions.alreadyExecuted(key(req), req.seq())) {
        String output = s.sessions.outputOf(key(req), req.seq());
        if (output != null) {
          reply(s, req, output, out); // a retry of an executed operation: answer from the table
        }
        continue;
      }
      if (s.view.backup() == null) {
        reply(s, req, execute(s, req), out);
        continue;
      }
      if (bug == PbBug.B1) {
        reply(s, req, execute(s, req), out); // B1: reply first, forward fire-and-forget
        sendForward(s, req, out);
        continue;
      }
      if (bug == PbBug.B2 && !KvStore.isWrite(req.f())) {
        reply(s, req, execute(s, req), out); // B2: "fast" local read
        continue;
      }
      s.pending = req;
      sendForward(s, req, out);
    }
  }

  private void sendForward(PbServerState s, Request req, Effects<PbMessage, PbTimer> out) {
    out.send(
        s.view.backup(),
        new Forward(s.view.num(), req.client(), req.seq(), req.f(), req.key(), req.value()));
    out.setTimer(new PbTimer.ForwardRetry(), config.forwardRetryTicks());
  }

  private void onForwardReply(PbServerState s, ForwardReply r, Effects<PbMessage, PbTimer> out) {
    Request req = s.pending;
    if (req == null
        || r.viewNum() != s.view.num()
        || !req.client().equals(r.client())
        || req.seq() != r.seq()) {
      return; // stale: from another view or for an operation we gave up on
    }
    s.pending = null;
    out.cancelTimer(new PbTimer.ForwardRetry());
    if (r.accepted()) {
      reply(s, req, execute(s, req), out);
    } else {
      // The backup is in another view: ours is stale. No success reply; the client retries.
      out.send(req.client(), new WrongServer(req.seq(), "backup refused view " + s.view.num()));
      ping(s, out);
    }
    pump(s, out);
  }

  private void sendTransfer(PbServerState s, Effects<PbMessage, PbTimer> out) {
    SortedMap<String, SessionTable.Entry> table =
        bug == PbBug.B4
            ? new TreeMap<>() // B4: the at-most-once table stays behind
            : new TreeMap<>(s.sessions.snapshot());
    out.send(
        s.view.backup(),
        new StateTransfer(
            s.view.num(), s.backupIncarnation, new TreeMap<>(s.kv.snapshot()), table));
    out.setTimer(new PbTimer.TransferRetry(), config.transferRetryTicks());
  }

  private void onStateTransferAck(
      PbServerState s, StateTransferAck a, Effects<PbMessage, PbTimer> out) {
    if (a.viewNum() != s.view.num()
        || a.incarnation() != s.backupIncarnation
        || !needsTransfer(s, out.self())) {
      return; // stale, or from a life of the backup the snapshot was not addressed to
    }
    s.transferDone = true;
    s.reportedViewNum = s.view.num();
    out.cancelTimer(new PbTimer.TransferRetry());
    ping(s, out); // acknowledge the view now rather than at the next tick
    pump(s, out);
  }

  // ------------------------------------------------------------------ backup

  private void onForward(PbServerState s, NodeId from, Forward f, Effects<PbMessage, PbTimer> out) {
    NodeId self = out.self();
    boolean inView =
        f.viewNum() == s.view.num() && s.view.isBackup(self) && s.installedViewNum == s.view.num();
    if (!inView && bug != PbBug.B3 && f.viewNum() > s.view.num()) {
      return; // we are behind: learn the view by pinging; the primary re-sends
    }
    boolean accept = inView || bug == PbBug.B3; // B3: no view check
    if (accept) {
      s.sessions.execute(s.kv, f.client().name(), f.seq(), f.f(), f.key(), f.value());
    }
    out.send(from, new ForwardReply(f.viewNum(), f.client(), f.seq(), accept));
  }

  private void onStateTransfer(
      PbServerState s, NodeId from, StateTransfer t, Effects<PbMessage, PbTimer> out) {
    // Install only the snapshot of the view we are backup in, addressed to this life, and only
    // once: a repeated or stale snapshot would overwrite operations forwarded after it. A restart
    // forgets "once", so the address matters: a delayed snapshot meant for our previous life may
    // predate operations the primary has executed since (fuzz seed 1936).
    boolean forMyView =
        t.viewNum() == s.view.num()
            && s.view.isBackup(out.self())
            && t.toIncarnation() == s.incarnation;
    if ((forMyView && t.viewNum() > s.installedViewNum) || bug == PbBug.B6) {
      s.kv = KvStore.fromSnapshot(t.kv());
      s.sessions = SessionTable.fromSnapshot(t.sessions());
      if (forMyView) {
        s.installedViewNum = t.viewNum();
      }
    }
    if (forMyView) {
      out.send(from, new StateTransferAck(t.viewNum(), s.incarnation));
    }
  }

  // ------------------------------------------------------------------ helpers

  private static String key(Request req) {
    return req.client().name();
  }

  private static String execute(PbServerState s, Request req) {
    return s.sessions.execute(s.kv, key(req), req.seq(), req.f(), req.key(), req.value());
  }

  private static void reply(
      PbServerState s, Request req, String output, Effects<PbMessage, PbTimer> out) {
    out.send(req.client(), new ClientReply(req.seq(), output));
  }
}
