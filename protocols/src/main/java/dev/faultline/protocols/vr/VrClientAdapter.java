package dev.faultline.protocols.vr;

import dev.faultline.protocols.common.ClientAdapter;
import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.KvResponse;
import dev.faultline.protocols.common.KvResponse.KvRefusal;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;

/**
 * VR's part of the shared KV client (section 4.1): the request number is the client's sequence
 * number; a request goes to the primary of the view the client believes current; a NOTPRIMARY names
 * the replica's view, which the client adopts if newer (else it tries the next view's primary); no
 * answer in time moves it to the next view's primary. The same request number is resent each time,
 * so the client table runs it at most once.
 */
final class VrClientAdapter implements ClientAdapter<VrClientState, VrMessage, VrTimer> {
  /** Wait after a redirect before resending, so stale redirects cannot ping-pong at full speed. */
  static final long REDIRECT_BACKOFF_TICKS = 10;

  private final VrConfig config;

  VrClientAdapter(VrConfig config) {
    this.config = config;
  }

  @Override
  public VrClientState init(NodeId self, int process, Effects<VrMessage, VrTimer> out) {
    return new VrClientState();
  }

  @Override
  public void send(VrClientState s, KvRequest r, Effects<VrMessage, VrTimer> out) {
    NodeId primary = config.servers().get((int) (s.view % config.servers().size()));
    out.send(primary, new VrMessage.Request(r.seq(), r.f(), r.key(), r.value()));
    s.advanceOnRetry = true;
  }

  @Override
  public KvResponse read(VrMessage message) {
    return message instanceof VrMessage.Reply r
        ? new KvResponse.KvReply(r.requestNumber(), r.result())
        : null;
  }

  @Override
  public boolean onOther(VrClientState s, VrMessage message, Effects<VrMessage, VrTimer> out) {
    if (message instanceof VrMessage.NotPrimary r && s.inFlight() && r.requestNumber() == s.seq()) {
      // A newer view: go to its primary. The same or an older one: its primary is silent.
      s.view = r.view() > s.view ? r.view() : s.view + 1;
      s.advanceOnRetry = false;
      out.setTimer(retryTimer(s.seq()), REDIRECT_BACKOFF_TICKS);
    }
    return false;
  }

  @Override
  public void onRefused(VrClientState s, KvRefusal refusal, Effects<VrMessage, VrTimer> out) {
    // read() never refuses: redirects carry a view, handled in onOther
  }

  @Override
  public void onRetry(VrClientState s, Effects<VrMessage, VrTimer> out) {
    if (s.advanceOnRetry) {
      s.view++; // no answer in time: that primary is gone or deposed; try the next view's
    }
  }

  @Override
  public void onAnswered(VrClientState s, KvRequest request) {
    s.acked = request.seq();
  }

  @Override
  public VrTimer retryTimer(long seq) {
    return new VrTimer.RequestRetry(seq);
  }

  @Override
  public long retryTicks() {
    return config.clientRetryTicks();
  }

  @Override
  public VrTimer nextOpTimer() {
    return new VrTimer.NextOpDue();
  }
}
