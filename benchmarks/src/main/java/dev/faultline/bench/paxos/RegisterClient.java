package dev.faultline.bench.paxos;

import dev.faultline.bench.paxos.PaxosMessage.Get;
import dev.faultline.bench.paxos.PaxosMessage.GetOk;
import dev.faultline.bench.paxos.PaxosMessage.Put;
import dev.faultline.bench.paxos.PaxosMessage.PutOk;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.List;

/**
 * Stateright's register client with one put: client number {@code c} (after the servers) puts the
 * value {@code 'A' + c - servers} with request id {@code c} at server {@code c mod servers}, then
 * gets (request id {@code 2c}) from the next server, and stops. Each operation is recorded in the
 * history (process = the client's number, key "x").
 */
public final class RegisterClient implements Protocol<RegisterClientState, PaxosMessage, Timer> {
  static final String KEY = "x";
  private final int self;
  private final List<NodeId> ids;
  private final int servers;

  RegisterClient(int self, List<NodeId> ids, int servers) {
    this.self = self;
    this.ids = ids;
    this.servers = servers;
  }

  @Override
  public RegisterClientState init(NodeId id, Durable durable, Effects<PaxosMessage, Timer> out) {
    RegisterClientState s = new RegisterClientState();
    String value = String.valueOf((char) ('A' + self - servers));
    out.record(HistoryEvent.invoke(self, "put", KEY, value));
    out.send(ids.get(self % servers), new Put(self, value));
    s.awaiting = self;
    s.opCount = 1;
    return s;
  }

  @Override
  public void onMessage(
      RegisterClientState s, NodeId from, PaxosMessage m, Effects<PaxosMessage, Timer> out) {
    if (s.awaiting < 0) {
      return;
    }
    switch (m) {
      case PutOk ok when ok.requestId() == s.awaiting -> {
        out.record(HistoryEvent.complete(self, HistoryEvent.Type.OK, "put", KEY, null));
        long request = (long) (s.opCount + 1) * self;
        out.record(HistoryEvent.invoke(self, "get", KEY, null));
        out.send(ids.get((self + s.opCount) % servers), new Get(request));
        s.awaiting = request;
        s.opCount++;
      }
      case GetOk ok when ok.requestId() == s.awaiting -> {
        out.record(HistoryEvent.complete(self, HistoryEvent.Type.OK, "get", KEY, ok.value()));
        s.awaiting = -1;
        s.opCount++;
      }
      default -> {}
    }
  }

  @Override
  public void onTimer(RegisterClientState s, Timer t, Effects<PaxosMessage, Timer> out) {}
}
