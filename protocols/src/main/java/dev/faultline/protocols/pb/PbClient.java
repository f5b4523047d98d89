package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.KvStore;
import dev.faultline.protocols.pb.PbMessage.ClientReply;
import dev.faultline.protocols.pb.PbMessage.ClientRequest;
import dev.faultline.protocols.pb.PbMessage.Forward;
import dev.faultline.protocols.pb.PbMessage.ForwardReply;
import dev.faultline.protocols.pb.PbMessage.GetView;
import dev.faultline.protocols.pb.PbMessage.Ping;
import dev.faultline.protocols.pb.PbMessage.StateTransfer;
import dev.faultline.protocols.pb.PbMessage.StateTransferAck;
import dev.faultline.protocols.pb.PbMessage.ViewReply;
import dev.faultline.protocols.pb.PbMessage.WrongServer;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.List;

/**
 * A client: caches the view (asks the view server at start-up, after an error and on timeouts),
 * sends each operation of its script to the primary it believes in, one at a time, tagged (client,
 * seq), and re-sends until a reply comes. Records history as process {@code process}.
 */
public final class PbClient implements Protocol<PbClientState, PbMessage, PbTimer> {
  private final PbConfig config;
  private final NodeId viewServer;
  private final int process;
  private final List<ClientOp> script;

  public PbClient(PbConfig config, NodeId viewServer, int process, List<ClientOp> script) {
    this.config = config;
    this.viewServer = viewServer;
    this.process = process;
    this.script = List.copyOf(script);
  }

  @Override
  public PbClientState init(NodeId self, Durable durable, Effects<PbMessage, PbTimer> out) {
    PbClientState s = new PbClientState();
    out.send(viewServer, new GetView());
    scheduleNext(s, out);
    return s;
  }

  @Override
  public void onMessage(
      PbClientState s, NodeId from, PbMessage message, Effects<PbMessage, PbTimer> out) {
    switch (message) {
      case ViewReply r -> {
        if (r.view().num() > s.view.num()) {
          s.view = r.view();
          if (s.outstanding) {
            send(s, out); // a newer view: try its primary right away
          }
        }
      }
      case ClientReply r -> {
        if (s.outstanding && r.seq() == s.seq) {
          complete(s, r.output(), out);
        }
      }
      case WrongServer w -> {
        if (s.outstanding && w.seq() == s.seq) {
          out.send(viewServer, new GetView());
        }
      }
      case Ping p -> {}
      case GetView g -> {}
      case ClientRequest r -> {}
      case Forward f -> {}
      case ForwardReply r -> {}
      case StateTransfer t -> {}
      case StateTransferAck a -> {}
    }
  }

  @Override
  public void onTimer(PbClientState s, PbTimer timer, Effects<PbMessage, PbTimer> out) {
    switch (timer) {
      case PbTimer.NextOp t -> issue(s, out);
      case PbTimer.ClientRetry t -> {
        if (s.outstanding) {
          out.send(viewServer, new GetView());
          send(s, out);
          out.setTimer(t, config.clientRetryTicks());
        }
      }
      case PbTimer.PingTick t -> {}
      case PbTimer.PingCheck t -> {}
      case PbTimer.ForwardRetry t -> {}
      case PbTimer.TransferRetry t -> {}
    }
  }

  private void scheduleNext(PbClientState s, Effects<PbMessage, PbTimer> out) {
    if (s.next >= script.size()) {
      return;
    }
    ClockReading c = out.clock();
    long nowTicks = (c.lowerTicks() + c.upperTicks()) / 2;
    long wait = Math.max(0, script.get(s.next).notBeforeTick() - nowTicks);
    out.setTimer(new PbTimer.NextOp(), wait);
  }

  private void issue(PbClientState s, Effects<PbMessage, PbTimer> out) {
    if (s.outstanding || s.next >= script.size()) {
      return;
    }
    ClientOp op = script.get(s.next);
    s.seq++;
    s.outstanding = true;
    out.record(
        HistoryEvent.invoke(process, op.f(), op.key(), "get".equals(op.f()) ? null : op.value()));
    send(s, out);
    out.setTimer(new PbTimer.ClientRetry(), config.clientRetryTicks());
  }

  private void send(PbClientState s, Effects<PbMessage, PbTimer> out) {
    ClientOp op = script.get(s.next);
    if (s.view.primary() == null) {
      out.send(viewServer, new GetView());
      return;
    }
    out.send(s.view.primary(), new ClientRequest(s.seq, op.f(), op.key(), op.value()));
  }

  private void complete(PbClientState s, String output, Effects<PbMessage, PbTimer> out) {
    ClientOp op = script.get(s.next);
    boolean write = KvStore.isWrite(op.f());
    out.record(
        HistoryEvent.complete(
            process, HistoryEvent.Type.OK, op.f(), op.key(), write ? op.value() : output));
    if (write) {
      s.ackedWriteSeq = s.seq;
    }
    s.outstanding = false;
    s.next++;
    out.cancelTimer(new PbTimer.ClientRetry());
    scheduleNext(s, out);
  }
}
