package dev.faultline.protocols.multipaxos;

import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientReply;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientRequest;
import dev.faultline.protocols.multipaxos.MultiPaxosTimer.NextOpDue;
import dev.faultline.protocols.multipaxos.MultiPaxosTimer.RequestRetry;
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
 * number; sends it to one server (any replica takes requests) and, when no answer comes in time,
 * resends the same (client, seq) to the next server. The session table makes it run once.
 */
public final class MultiPaxosClient
    implements Protocol<MultiPaxosClientState, MultiPaxosMessage, MultiPaxosTimer> {
  private final MultiPaxosConfig config;
  private final int process;
  private final List<ClientOp> ops;

  public MultiPaxosClient(MultiPaxosConfig config, int process, List<ClientOp> ops) {
    this.config = config;
    this.process = process;
    this.ops = List.copyOf(ops);
  }

  @Override
  public MultiPaxosClientState init(
      NodeId self, Durable durable, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    MultiPaxosClientState s = new MultiPaxosClientState(process % config.servers().size());
    startNext(s, out);
    return s;
  }

  @Override
  public void onMessage(
      MultiPaxosClientState s,
      NodeId from,
      MultiPaxosMessage m,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (!(m instanceof ClientReply r) || !s.inFlight || r.seq() != s.seq) {
      return; // not ours, or an answer to an operation already completed
    }
    ClientOp op = ops.get(s.nextOp - 1);
    String value = "get".equals(op.f()) ? r.output() : op.value();
    out.record(HistoryEvent.complete(process, HistoryEvent.Type.OK, op.f(), op.key(), value));
    s.inFlight = false;
    out.cancelTimer(new RequestRetry(s.seq));
    startNext(s, out);
  }

  @Override
  public void onTimer(
      MultiPaxosClientState s, MultiPaxosTimer t, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    switch (t) {
      case NextOpDue n -> startNext(s, out);
      case RequestRetry r -> {
        if (s.inFlight && r.seq() == s.seq) {
          s.server = (s.server + 1) % config.servers().size();
          send(s, out);
        }
      }
      default -> {}
    }
  }

  private void startNext(MultiPaxosClientState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (s.inFlight || s.nextOp >= ops.size()) {
      return;
    }
    ClientOp op = ops.get(s.nextOp);
    ClockReading c = out.clock();
    long wait = op.notBeforeTick() - (c.lowerTicks() + (c.upperTicks() - c.lowerTicks()) / 2);
    if (wait > 0) {
      out.setTimer(new NextOpDue(), wait);
      return;
    }
    s.nextOp++;
    s.seq++;
    s.inFlight = true;
    out.record(
        HistoryEvent.invoke(process, op.f(), op.key(), "get".equals(op.f()) ? null : op.value()));
    send(s, out);
  }

  private void send(MultiPaxosClientState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    ClientOp op = ops.get(s.nextOp - 1);
    out.send(
        config.servers().get(s.server), new ClientRequest(s.seq, op.f(), op.key(), op.value()));
    out.setTimer(new RequestRetry(s.seq), config.clientRetryTicks());
  }
}
