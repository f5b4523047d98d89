package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.ClientAdapter;
import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.KvResponse;
import dev.faultline.protocols.common.KvResponse.KvRefusal;
import dev.faultline.protocols.common.KvResponse.KvReply;
import dev.faultline.protocols.pb.PbMessage.ClientReply;
import dev.faultline.protocols.pb.PbMessage.ClientRequest;
import dev.faultline.protocols.pb.PbMessage.GetView;
import dev.faultline.protocols.pb.PbMessage.ViewReply;
import dev.faultline.protocols.pb.PbMessage.WrongServer;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;

/**
 * Primary/backup's part of the shared KV client: it caches the view (asks the view server at boot,
 * after a refusal and on every retry), sends to the primary it believes in, and resends at once
 * when a newer view arrives.
 */
final class PbClientAdapter implements ClientAdapter<PbClientState, PbMessage, PbTimer> {
  private final PbConfig config;
  private final NodeId viewServer;

  PbClientAdapter(PbConfig config, NodeId viewServer) {
    this.config = config;
    this.viewServer = viewServer;
  }

  @Override
  public PbClientState init(NodeId self, int process, Effects<PbMessage, PbTimer> out) {
    out.send(viewServer, new GetView());
    return new PbClientState();
  }

  @Override
  public void send(PbClientState s, KvRequest r, Effects<PbMessage, PbTimer> out) {
    if (s.view.primary() == null) {
      out.send(viewServer, new GetView());
      return;
    }
    out.send(s.view.primary(), new ClientRequest(r.seq(), r.f(), r.key(), r.value()));
  }

  @Override
  public KvResponse read(PbMessage message) {
    return switch (message) {
      case ClientReply r -> new KvReply(r.seq(), r.output());
      case WrongServer w -> new KvRefusal(w.seq(), null);
      default -> null;
    };
  }

  @Override
  public boolean onOther(PbClientState s, PbMessage message, Effects<PbMessage, PbTimer> out) {
    if (message instanceof ViewReply r && r.view().num() > s.view.num()) {
      s.view = r.view();
      return true; // a newer view: try its primary right away
    }
    return false;
  }

  @Override
  public void onRefused(PbClientState s, KvRefusal refusal, Effects<PbMessage, PbTimer> out) {
    out.send(viewServer, new GetView());
  }

  @Override
  public void onRetry(PbClientState s, Effects<PbMessage, PbTimer> out) {
    out.send(viewServer, new GetView());
  }

  @Override
  public void onAnswered(PbClientState s, KvRequest request) {
    if (request.isWrite()) {
      s.ackedWriteSeq = request.seq();
    }
  }

  @Override
  public PbTimer retryTimer(long seq) {
    return new PbTimer.ClientRetry();
  }

  @Override
  public long retryTicks() {
    return config.clientRetryTicks();
  }

  @Override
  public PbTimer nextOpTimer() {
    return new PbTimer.NextOp();
  }

  @Override
  public boolean startsEveryOpOnTimer() {
    return true;
  }
}
