package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.KvResponse;
import dev.faultline.protocols.common.LeaderClientAdapter;
import dev.faultline.protocols.raft.RaftMessage.ClientReply;
import dev.faultline.protocols.raft.RaftMessage.ClientRequest;

/** Raft's part of the shared KV client: its request and reply messages and retry timers. */
final class RaftClientAdapter extends LeaderClientAdapter<RaftMessage, RaftTimer> {

  RaftClientAdapter(RaftConfig config) {
    super(config.servers(), config.clientRetryTicks());
  }

  @Override
  protected RaftMessage wrap(KvRequest r) {
    return new ClientRequest(r.seq(), r.f(), r.key(), r.value());
  }

  @Override
  public KvResponse read(RaftMessage message) {
    return message instanceof ClientReply r
        ? KvResponse.of(r.seq(), r.ok(), r.output(), r.leaderHint())
        : null;
  }

  @Override
  public RaftTimer retryTimer(long seq) {
    return new RaftTimer.RequestRetry(seq);
  }

  @Override
  public RaftTimer nextOpTimer() {
    return new RaftTimer.NextOpDue();
  }
}
