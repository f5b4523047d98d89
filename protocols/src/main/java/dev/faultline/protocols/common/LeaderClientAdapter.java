package dev.faultline.protocols.common;

import dev.faultline.protocols.common.KvResponse.KvRefusal;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;
import java.util.List;

/**
 * A ready {@link ClientAdapter} for leader-based protocols: client {@code k} first tries server
 * {@code k mod n}, follows a refusal's leader hint once (after {@link #REDIRECT_BACKOFF_TICKS}),
 * and tries the next server when a request goes unanswered for {@code retryTicks}. A protocol
 * supplies its message wrapping, reply reading and timer records.
 */
public abstract class LeaderClientAdapter<M extends Message, T extends Timer>
    implements ClientAdapter<LeaderClientState, M, T> {
  /** Wait after a refusal before resending, so two servers with stale hints cannot ping-pong. */
  public static final long REDIRECT_BACKOFF_TICKS = 10;

  private final List<NodeId> servers;
  private final long retryTicks;

  protected LeaderClientAdapter(List<NodeId> servers, long retryTicks) {
    this.servers = List.copyOf(servers);
    this.retryTicks = retryTicks;
  }

  /** The protocol's request message carrying {@code request}. */
  protected abstract M wrap(KvRequest request);

  @Override
  public LeaderClientState init(NodeId self, int process, Effects<M, T> out) {
    return new LeaderClientState(new LeaderGuess(process % servers.size()));
  }

  @Override
  public void send(LeaderClientState s, KvRequest request, Effects<M, T> out) {
    out.send(servers.get(s.leader().guess()), wrap(request));
    s.leader().sent();
  }

  @Override
  public void onRefused(LeaderClientState s, KvRefusal refusal, Effects<M, T> out) {
    int hinted = refusal.leaderHint() == null ? -1 : servers.indexOf(refusal.leaderHint());
    s.leader().redirect(hinted, servers.size());
    out.setTimer(retryTimer(s.seq()), REDIRECT_BACKOFF_TICKS);
  }

  @Override
  public void onRetry(LeaderClientState s, Effects<M, T> out) {
    s.leader().retrying(servers.size());
  }

  @Override
  public void onAnswered(LeaderClientState s, KvRequest request) {
    s.leader().answered();
  }

  @Override
  public long retryTicks() {
    return retryTicks;
  }
}
