package dev.faultline.protocols.multipaxos;

import dev.faultline.protocols.common.KvRequest;
import dev.faultline.protocols.common.KvResponse;
import dev.faultline.protocols.common.LeaderClientAdapter;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientReply;
import dev.faultline.protocols.multipaxos.MultiPaxosMessage.ClientRequest;

/**
 * Multi-Paxos's part of the shared KV client. Any replica takes a request (it proposes it to the
 * leaders), so servers never refuse: the client only moves to the next server when a request goes
 * unanswered.
 */
final class MultiPaxosClientAdapter
    extends LeaderClientAdapter<MultiPaxosMessage, MultiPaxosTimer> {

  MultiPaxosClientAdapter(MultiPaxosConfig config) {
    super(config.servers(), config.clientRetryTicks());
  }

  @Override
  protected MultiPaxosMessage wrap(KvRequest r) {
    return new ClientRequest(r.seq(), r.f(), r.key(), r.value());
  }

  @Override
  public KvResponse read(MultiPaxosMessage message) {
    return message instanceof ClientReply r ? new KvResponse.KvReply(r.seq(), r.output()) : null;
  }

  @Override
  public MultiPaxosTimer retryTimer(long seq) {
    return new MultiPaxosTimer.RequestRetry(seq);
  }

  @Override
  public MultiPaxosTimer nextOpTimer() {
    return new MultiPaxosTimer.NextOpDue();
  }
}
