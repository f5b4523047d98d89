package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.KvClient;
import dev.faultline.protocols.common.LeaderClientAdapter;
import dev.faultline.protocols.common.LeaderGuess;
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
public final class RaftAdmin implements Protocol<RaftAdminState, RaftMessage, RaftTimer> {
  static final long BUSY_BACKOFF_TICKS = 50;

  /** The admin sends one request; its sequence number is fixed. */
  private static final long SEQ = 1;

  private final RaftConfig config;
  private final RaftConfig.ReconfigStep step;

  public RaftAdmin(RaftConfig config, RaftConfig.ReconfigStep step) {
    this.config = config;
    this.step = step;
  }

  @Override
  public RaftAdminState init(NodeId self, Durable durable, Effects<RaftMessage, RaftTimer> out) {
    RaftAdminState s = new RaftAdminState(new LeaderGuess(0));
    long nowTicks = KvClient.nowTicks(out.clock());
    out.setTimer(new NextOpDue(), Math.max(0, step.notBeforeTick() - nowTicks));
    return s;
  }

  @Override
  public void onMessage(
      RaftAdminState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
    if (!(m instanceof ConfigReply r) || !s.inFlight || r.seq() != SEQ) {
      // not ours, or an answer to an attempt after the admin stopped
      return;
    }
    if (r.ok()) {
      s.inFlight = false;
      out.cancelTimer(new RequestRetry(SEQ));
      out.annotate("config", step.members() + " committed");
      return;
    }
    int hinted = r.leaderHint() == null ? -1 : config.servers().indexOf(r.leaderHint());
    long backoff = LeaderClientAdapter.REDIRECT_BACKOFF_TICKS;
    if (hinted >= 0 && hinted == s.leader.guess()) {
      backoff = BUSY_BACKOFF_TICKS; // the leader itself refused: wait and ask again
      s.leader.stay();
    } else {
      s.leader.redirect(hinted, config.servers().size());
    }
    out.setTimer(new RequestRetry(SEQ), backoff);
  }

  @Override
  public void onTimer(RaftAdminState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
    if (!(t instanceof RaftTimer.ClientTimer clientTimer)) {
      return;
    }
    switch (clientTimer) {
      case NextOpDue n -> {
        if (!s.started) {
          s.started = true;
          s.inFlight = true;
          send(s, out);
          if (step.giveUpTicks() > 0) {
            out.setTimer(new NextOpDue(), step.giveUpTicks()); // the second firing gives up
          }
        } else if (s.inFlight) {
          // The operator's tool timed out: stop asking (the change may still sit in some log).
          s.inFlight = false;
          out.cancelTimer(new RequestRetry(SEQ));
          out.annotate("config", step.members() + " gave up");
        }
      }
      case RequestRetry r -> {
        if (!s.inFlight || r.seq() != SEQ) {
          return;
        }
        s.leader.retrying(config.servers().size());
        send(s, out);
      }
    }
  }

  private void send(RaftAdminState s, Effects<RaftMessage, RaftTimer> out) {
    out.send(config.servers().get(s.leader.guess()), new ConfigRequest(SEQ, step.members()));
    s.leader.sent();
    out.setTimer(new RequestRetry(SEQ), config.adminRetryTicks());
  }
}
