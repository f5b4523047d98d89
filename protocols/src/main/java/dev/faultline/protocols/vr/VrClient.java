package dev.faultline.protocols.vr;

import dev.faultline.protocols.vr.VrMessage.NotPrimary;
import dev.faultline.protocols.vr.VrMessage.Reply;
import dev.faultline.protocols.vr.VrMessage.Request;
import dev.faultline.protocols.vr.VrTimer.NextOpDue;
import dev.faultline.protocols.vr.VrTimer.RequestRetry;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;

/**
 * A KV client (section 4.1): one request at a time, numbered 1, 2, ...; sends it to the primary of
 * the view it believes current, learns the view from replies and redirects, and on a timeout tries
 * the next view's primary with the same request number, so the client table makes every request run
 * at most once.
 */
public final class VrClient implements Protocol<VrClientState, VrMessage, VrTimer> {
  /** Wait after a redirect before resending, so stale redirects cannot ping-pong at full speed. */
  static final long REDIRECT_BACKOFF_TICKS = 10;

  private final VrConfig config;
  private final int process;
  private final List<ClientOp> ops;

  public VrClient(VrConfig config, int process, List<ClientOp> ops) {
    this.config = config;
    this.process = process;
    this.ops = List.copyOf(ops);
  }

  @Override
  public VrClientState init(NodeId self, Durable durable, Effects<VrMessage, VrTimer> out) {
    VrClientState s = new VrClientState();
    startNext(s, out);
    return s;
  }

  @Override
  public void onMessage(
      VrClientState s, NodeId from, VrMessage m, Effects<VrMessage, VrTimer> out) {
    switch (m) {
      case Reply r -> {
        if (!s.inFlight || r.requestNumber() != s.requestNumber) {
          return; // an answer to a request already completed
        }
        s.view = Math.max(s.view, r.view());
        ClientOp op = ops.get(s.nextOp - 1);
        String value = "get".equals(op.f()) ? r.result() : op.value();
        out.record(HistoryEvent.complete(process, HistoryEvent.Type.OK, op.f(), op.key(), value));
        s.inFlight = false;
        s.acked = s.requestNumber;
        out.cancelTimer(new RequestRetry(s.requestNumber));
        startNext(s, out);
      }
      case NotPrimary r -> {
        if (!s.inFlight || r.requestNumber() != s.requestNumber) {
          return;
        }
        // A newer view: go to its primary. The same or an older one: that primary is silent.
        s.view = r.view() > s.view ? r.view() : s.view + 1;
        s.advanceOnRetry = false;
        out.setTimer(new RequestRetry(s.requestNumber), REDIRECT_BACKOFF_TICKS);
      }
      default -> {}
    }
  }

  @Override
  public void onTimer(VrClientState s, VrTimer t, Effects<VrMessage, VrTimer> out) {
    switch (t) {
      case NextOpDue n -> startNext(s, out);
      case RequestRetry r -> {
        if (s.inFlight && r.requestNumber() == s.requestNumber) {
          if (s.advanceOnRetry) {
            s.view++; // no answer in time: that primary is gone or deposed; try the next view's
          }
          send(s, out);
        }
      }
      default -> {}
    }
  }

  private void startNext(VrClientState s, Effects<VrMessage, VrTimer> out) {
    if (s.inFlight || s.nextOp >= ops.size()) {
      return;
    }
    ClientOp op = ops.get(s.nextOp);
    long wait = op.notBeforeTick() - now(out);
    if (wait > 0) {
      out.setTimer(new NextOpDue(), wait);
      return;
    }
    s.nextOp++;
    s.requestNumber++;
    s.inFlight = true;
    String invokeValue = "get".equals(op.f()) ? null : op.value();
    out.record(HistoryEvent.invoke(process, op.f(), op.key(), invokeValue));
    send(s, out);
  }

  private void send(VrClientState s, Effects<VrMessage, VrTimer> out) {
    ClientOp op = ops.get(s.nextOp - 1);
    NodeId primary = config.servers().get((int) (s.view % config.servers().size()));
    out.send(primary, new Request(s.requestNumber, op.f(), op.key(), op.value()));
    s.advanceOnRetry = true;
    out.setTimer(new RequestRetry(s.requestNumber), config.clientRetryTicks());
  }

  private static long now(Effects<VrMessage, VrTimer> out) {
    ClockReading c = out.clock();
    return c.lowerTicks() + (c.upperTicks() - c.lowerTicks()) / 2;
  }
}
