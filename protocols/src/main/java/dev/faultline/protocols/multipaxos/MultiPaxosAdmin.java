package dev.faultline.protocols.multipaxos;

import dev.faultline.protocols.common.KvClient;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientReply;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientRequest;
import dev.faultline.protocols.multipaxos.MultiPaxosTimer.NextOpDue;
import dev.faultline.protocols.multipaxos.MultiPaxosTimer.RequestRetry;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;

/**
 * A configuration admin: at its step's tick it sends one configuration command (the acceptor set
 * {@code members}) to a server, as a client request any replica takes, and re-sends it to the next
 * server whenever {@code clientRetryTicks} pass without an answer, until the replica that took it
 * answers "ok" (executed; it takes effect WINDOW slots later) or "refused: why". Admins record no
 * client history.
 */
public final class MultiPaxosAdmin
    implements Protocol<MultiPaxosAdminState, MultiPaxosMessage, MultiPaxosTimer> {
  /** The admin sends one command; its sequence number is fixed. */
  static final long SEQ = 1;

  private final MultiPaxosConfig config;
  private final MultiPaxosConfig.ReconfigStep step;

  public MultiPaxosAdmin(MultiPaxosConfig config, MultiPaxosConfig.ReconfigStep step) {
    this.config = config;
    this.step = step;
  }

  @Override
  public MultiPaxosAdminState init(
      NodeId self, Durable durable, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    long nowTicks = KvClient.nowTicks(out.clock());
    out.setTimer(new NextOpDue(), Math.max(0, step.notBeforeTick() - nowTicks));
    return new MultiPaxosAdminState();
  }

  @Override
  public void onMessage(
      MultiPaxosAdminState s,
      NodeId from,
      MultiPaxosMessage m,
      Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (!(m instanceof ClientReply r) || r.seq() != SEQ || s.outcome != null) {
      return; // not ours, or a duplicate answer
    }
    s.outcome = r.output();
    out.cancelTimer(new RequestRetry(SEQ));
    out.annotate("config", step.members() + " " + r.output());
  }

  @Override
  public void onTimer(
      MultiPaxosAdminState s, MultiPaxosTimer t, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    if (t instanceof NextOpDue && !s.started) {
      s.started = true;
      send(s, out);
    } else if (t instanceof RequestRetry && s.outcome == null) {
      s.target = (s.target + 1) % config.servers().size();
      send(s, out);
    }
  }

  private void send(MultiPaxosAdminState s, Effects<MultiPaxosMessage, MultiPaxosTimer> out) {
    String members = String.join(",", step.members().stream().map(NodeId::name).toList());
    out.send(config.servers().get(s.target), new ClientRequest(SEQ, CONFIG, "", members));
    out.setTimer(new RequestRetry(SEQ), config.clientRetryTicks());
  }

  /** The operation name of a configuration command. */
  static final String CONFIG = "config";
}
