package dev.faultline.protocols.raft;

import dev.faultline.protocols.raft.RaftMessage.ConfigReply;
import dev.faultline.protocols.raft.RaftMessage.ConfigRequest;
import dev.faultline.protocols.raft.RaftTimer.NextOpDue;
import dev.faultline.protocols.raft.RaftTimer.RequestRetry;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;

/**
 * A membership admin: at its step's tick it asks the leader to make {@code members} the voting
 * configuration, and retries (following hints, waiting while another change is in progress, trying
 * the next server after {@code adminRetryTicks} without an answer) until the leader says it is
 * committed, or until its step's give-up time has passed (a tool that times out). One admin node
 * per step, so steps can overlap (Ongaro's counter-example needs two competing changes). Admins
 * record no client history.
 */
public final class RaftAdmin implements Protocol<RaftClientState, RaftMessage, RaftTimer> {
  static final long BUSY_BACKOFF_TICKS = 50;

  private final RaftConfig config;
  private final RaftConfig.ReconfigStep step;

  public RaftAdmin(RaftConfig config, RaftConfig.ReconfigStep step) {
    this.config = config;
    this.step = step;
  }

  @Override
  public RaftClientState init(NodeId self, Durable durable, Effects<RaftMessage, RaftTimer> out) {
    RaftClientState s = new RaftClientState(self, 0);
    out.setTimer(new NextOpDue(), Math.max(0, step.notBeforeTick() - RaftClient.now(out)));
    return s;
  }

  @Override
  public void onMessage(
      RaftClientState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
    if (!(m instanceof ConfigReply r) || !s.inFlight || r.seq() != s.seq) {
      return;
    }
    if (r.ok()) {
      s.inFlight = false;
      out.cancelTimer(new RequestRetry(s.seq));
      out.annotate("config", step.members() + " committed");
      return;
    }
    int hinted = r.leaderHint() == null ? -1 : config.servers().indexOf(r.leaderHint());
    long backoff = RaftClient.REDIRECT_BACKOFF_TICKS;
    if (hinted >= 0 && hinted == s.guess) {
      backoff = BUSY_BACKOFF_TICKS; // the leader itself refused: wait and ask again
    } else {
      s.redirect(hinted, config.servers().size());
    }
    s.rotateOnRetry = false;
    out.setTimer(new RequestRetry(s.seq), backoff);
  }

  @Override
  public void onTimer(RaftClientState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
    switch (t) {
      case NextOpDue n -> {
        if (s.nextOp == 0) {
          s.nextOp = 1;
          s.seq = 1;
          s.inFlight = true;
          send(s, out);
          if (step.giveUpTicks() > 0) {
            out.setTimer(new NextOpDue(), step.giveUpTicks()); // the second firing gives up
          }
        } else if (s.inFlight) {
          // The operator's tool timed out: stop asking (the change may still sit in some log).
          s.inFlight = false;
          out.cancelTimer(new RequestRetry(s.seq));
          out.annotate("config", step.members() + " gave up");
        }
      }
      case RequestRetry r -> {
        if (!s.inFlight || r.seq() != s.seq) {
          return;
        }
        if (s.rotateOnRetry) {
          s.rotate(config.servers().size());
        }
        send(s, out);
      }
      default -> {}
    }
  }

  private void send(RaftClientState s, Effects<RaftMessage, RaftTimer> out) {
    out.send(config.servers().get(s.guess), new ConfigRequest(s.seq, step.members()));
    s.rotateOnRetry = true;
    out.setTimer(new RequestRetry(s.seq), config.adminRetryTicks());
  }
}
