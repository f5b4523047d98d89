package dev.faultline.protocols.grove;

import dev.faultline.protocols.common.ClientAdapter;
import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.KvResponse;
import dev.faultline.protocols.common.KvResponse.KvRefusal;
import dev.faultline.protocols.common.LeaderClientAdapter;
import dev.faultline.protocols.grove.GroveMessage.Apply;
import dev.faultline.protocols.grove.GroveMessage.ClientReply;
import dev.faultline.protocols.grove.GroveMessage.ConfigReply;
import dev.faultline.protocols.grove.GroveMessage.GetConfig;
import dev.faultline.protocols.grove.GroveMessage.Read;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import java.util.List;

/**
 * Grove's part of the shared KV client: it learns the configuration from the config service (at
 * boot, after a refusal, on every retry); writes go to the configuration's primary (or to the
 * server a refusal names, or, with no name, to the next server: clients probe every server, as
 * clerks that follow "I am primary" answers do); reads go to one replica of the configuration,
 * client k starting at the k-th, and move on after a refusal or a timeout.
 */
final class GroveClientAdapter
    implements ClientAdapter<GroveClientState, GroveMessage, GroveTimer> {
  private final GroveConfig config;
  private final NodeId configService;

  GroveClientAdapter(GroveConfig config, NodeId configService) {
    this.config = config;
    this.configService = configService;
  }

  @Override
  public GroveClientState init(NodeId self, int process, Effects<GroveMessage, GroveTimer> out) {
    GroveClientState s = new GroveClientState(process);
    if (config.bootEpoch()) {
      s.epoch = 1; // the first configuration is active from boot
      s.servers = config.initial();
    } else {
      out.send(configService, new GetConfig());
    }
    return s;
  }

  @Override
  public void send(GroveClientState s, KvRequest r, Effects<GroveMessage, GroveTimer> out) {
    if (s.servers.isEmpty()) {
      out.send(configService, new GetConfig());
      return;
    }
    if (r.isWrite()) {
      out.send(s.writeTarget != null ? s.writeTarget : s.servers.get(0), new Apply(r));
    } else {
      out.send(s.servers.get((s.process + s.readTurn) % s.servers.size()), new Read(r));
    }
  }

  @Override
  public KvResponse read(GroveMessage message) {
    return message instanceof ClientReply r
        ? KvResponse.of(r.seq(), r.ok(), r.output(), r.hint())
        : null;
  }

  @Override
  public boolean onOther(
      GroveClientState s, GroveMessage message, Effects<GroveMessage, GroveTimer> out) {
    if (message instanceof ConfigReply c && c.epoch() > s.epoch) {
      s.epoch = c.epoch();
      s.servers = c.servers();
      s.writeTarget = null;
      return true; // a newer configuration: try it right away
    }
    return false;
  }

  @Override
  public void onRefused(
      GroveClientState s, KvRefusal refusal, Effects<GroveMessage, GroveTimer> out) {
    List<NodeId> all = config.servers();
    NodeId current = s.writeTarget != null ? s.writeTarget : primaryGuess(s);
    if (refusal.leaderHint() != null && !refusal.leaderHint().equals(current)) {
      s.writeTarget = refusal.leaderHint();
    } else {
      int at = current == null ? -1 : all.indexOf(current);
      s.writeTarget = all.get((at + 1) % all.size());
    }
    s.readTurn++;
    out.send(configService, new GetConfig());
    out.setTimer(retryTimer(s.seq()), LeaderClientAdapter.REDIRECT_BACKOFF_TICKS);
  }

  private static NodeId primaryGuess(GroveClientState s) {
    return s.servers.isEmpty() ? null : s.servers.get(0);
  }

  @Override
  public void onRetry(GroveClientState s, Effects<GroveMessage, GroveTimer> out) {
    s.readTurn++;
    s.writeTarget = null;
    out.send(configService, new GetConfig());
  }

  @Override
  public void onAnswered(GroveClientState s, KvRequest request) {
    if (request.isWrite()) {
      s.ackedWriteSeq = request.seq();
    }
  }

  @Override
  public GroveTimer retryTimer(long seq) {
    return new GroveTimer.ClientRetry();
  }

  @Override
  public long retryTicks() {
    return config.clientRetryTicks();
  }

  @Override
  public GroveTimer nextOpTimer() {
    return new GroveTimer.NextOp();
  }

  @Override
  public boolean startsEveryOpOnTimer() {
    return true;
  }
}
