package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.ClientReply;
import dev.faultline.protocols.raft.RaftMessage.ClientRequest;
import dev.faultline.protocols.raft.RaftTimer.NextOpDue;
import dev.faultline.protocols.raft.RaftTimer.RequestRetry;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;

/**
 * A KV client: issues its script in order, one operation at a time, each with the next sequence
 * number of its session; follows leader hints and retries the same (client, seq) until answered, so
 * the servers' session table makes every operation take effect at most once.
 */
public final class RaftClient implements Protocol<RaftClientState, RaftMessage, RaftTimer> {
  /** Wait after a refusal before resending, so two servers with stale hints cannot ping-pong. */
  static final long REDIRECT_BACKOFF_TICKS = 10;

  private final RaftConfig config;
  private final int process;
  private final List<ClientOp> ops;

  public RaftClient(RaftConfig config, int process, List<ClientOp> ops) {
    this.config = config;
    this.process = process;
    this.ops = List.copyOf(ops);
  }

  @Override
  public RaftClientState init(NodeId self, Durable durable, Effects<RaftMessage, RaftTimer> out) {
    RaftClientState s = new RaftClientState(self, process % config.servers().size());
    startNext(s, out);
    return s;
  }

  @Override
  public void onMessage(
      RaftClientState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
    if (!(m instanceof ClientReply r) || !s.inFlight || r.seq() != s.seq) {
      return; // not ours, or an answer to an earlier attempt we already completed
    }
    if (r.ok()) {
      ClientOp op = ops.get(s.nextOp - 1);
      String value = "get".equals(op.f()) ? r.output() : op.value();
      out.record(HistoryEvent.complete(process, HistoryEvent.Type.OK, op.f(), op.key(), value));
      s.inFlight = false;
      out.cancelTimer(new RequestRetry(s.seq));
      s.followedHint = false;
      startNext(s, out);
      return;
    }
    int hinted = r.leaderHint() == null ? -1 : config.servers().indexOf(r.leaderHint());
    s.redirect(hinted, config.servers().size());
    s.rotateOnRetry = false;
    out.setTimer(new RequestRetry(s.seq), REDIRECT_BACKOFF_TICKS);
  }

  @Override
  public void onTimer(RaftClientState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
    switch (t) {
      case NextOpDue n -> startNext(s, out);
      case RequestRetry r -> {
        if (!s.inFlight || r.seq() != s.seq) {
          return;
        }
        if (s.rotateOnRetry) {
          s.rotate(config.servers().size()); // no answer: try the next server
        }
        send(s, out);
      }
      default -> {}
    }
  }

  private void startNext(RaftClientState s, Effects<RaftMessage, RaftTimer> out) {
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
    s.seq++;
    s.inFlight = true;
    String invokeValue = "get".equals(op.f()) ? null : op.value();
    out.record(HistoryEvent.invoke(process, op.f(), op.key(), invokeValue));
    send(s, out);
  }

  private void send(RaftClientState s, Effects<RaftMessage, RaftTimer> out) {
    ClientOp op = ops.get(s.nextOp - 1);
    out.send(config.servers().get(s.guess), new ClientRequest(s.seq, op.f(), op.key(), op.value()));
    s.rotateOnRetry = true;
    out.setTimer(new RequestRetry(s.seq), config.clientRetryTicks());
  }

  static long now(Effects<RaftMessage, RaftTimer> out) {
    ClockReading c = out.clock();
    return c.lowerTicks() + (c.upperTicks() - c.lowerTicks()) / 2;
  }
}
