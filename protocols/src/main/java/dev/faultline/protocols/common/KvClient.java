package dev.faultline.protocols.common;

import dev.faultline.protocols.common.KvResponse.KvRefusal;
import dev.faultline.protocols.common.KvResponse.KvReply;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The KV client every protocol shares: issues its script in order, one operation at a time, none
 * before its {@code notBeforeTick}, each with the next sequence number of its session; resends the
 * same (client, seq) until it is answered (so the servers' {@link SessionTable} runs it at most
 * once); records an invoke and an ok history event per operation as process {@code process}. Where
 * a request goes and how messages read is the {@link ClientAdapter}'s business.
 */
public final class KvClient<S extends KvClientState<S>, M extends Message, T extends Timer>
    implements Protocol<S, M, T> {
  private final ClientAdapter<S, M, T> adapter;
  private final int process;
  private final List<ClientOp> script;

  public KvClient(ClientAdapter<S, M, T> adapter, int process, List<ClientOp> script) {
    this.adapter = adapter;
    this.process = process;
    this.script = List.copyOf(script);
  }

  /**
   * Adds one client node per id in {@code clients}: client k runs {@code workload.get(k)} as
   * process k through an adapter from {@code adapter} (what every spec's {@code build} does).
   */
  public static <S extends KvClientState<S>, M extends Message, T extends Timer> void addClients(
      Map<NodeId, Protocol<?, ?, ?>> nodes,
      List<NodeId> clients,
      List<List<ClientOp>> workload,
      Supplier<? extends ClientAdapter<S, M, T>> adapter) {
    for (int k = 0; k < clients.size(); k++) {
      nodes.put(clients.get(k), new KvClient<>(adapter.get(), k, workload.get(k)));
    }
  }

  /** "Now" for a client: the middle of the clock's interval (the one reading every client uses). */
  public static long nowTicks(ClockReading clock) {
    return clock.lowerTicks() + (clock.upperTicks() - clock.lowerTicks()) / 2;
  }

  @Override
  public S init(NodeId self, Durable durable, Effects<M, T> out) {
    S s = adapter.init(self, process, out);
    startNext(s, out);
    return s;
  }

  @Override
  public void onMessage(S s, NodeId from, M message, Effects<M, T> out) {
    KvResponse response = adapter.read(message);
    if (response == null) {
      if (adapter.onOther(s, message, out) && s.inFlight) {
        adapter.send(s, inFlight(s, out), out);
      }
      return;
    }
    if (!s.inFlight || response.seq() != s.seq) {
      return; // an answer to an earlier attempt we already completed
    }
    switch (response) {
      case KvReply reply -> complete(s, reply.output(), out);
      case KvRefusal refusal -> adapter.onRefused(s, refusal, out);
    }
  }

  @Override
  public void onTimer(S s, T timer, Effects<M, T> out) {
    if (timer.equals(adapter.nextOpTimer())) {
      if (adapter.startsEveryOpOnTimer()) {
        issue(s, out);
      } else {
        startNext(s, out);
      }
    } else if (s.inFlight && timer.equals(adapter.retryTimer(s.seq))) {
      adapter.onRetry(s, out);
      send(s, out);
    }
  }

  /** Starts the next operation if it is due, else arms the next-op timer for when it is. */
  private void startNext(S s, Effects<M, T> out) {
    if (s.inFlight || s.seq >= script.size()) {
      return;
    }
    long waitTicks = script.get((int) s.seq).notBeforeTick() - nowTicks(out.clock());
    if (adapter.startsEveryOpOnTimer()) {
      out.setTimer(adapter.nextOpTimer(), Math.max(0, waitTicks));
    } else if (waitTicks > 0) {
      out.setTimer(adapter.nextOpTimer(), waitTicks);
    } else {
      issue(s, out);
    }
  }

  private void issue(S s, Effects<M, T> out) {
    if (s.inFlight || s.seq >= script.size()) {
      return;
    }
    s.seq++;
    s.inFlight = true;
    KvRequest request = inFlight(s, out);
    out.record(
        HistoryEvent.invoke(
            process, request.f(), request.key(), request.isWrite() ? request.value() : null));
    send(s, out);
  }

  private void send(S s, Effects<M, T> out) {
    adapter.send(s, inFlight(s, out), out);
    out.setTimer(adapter.retryTimer(s.seq), adapter.retryTicks());
  }

  private void complete(S s, String output, Effects<M, T> out) {
    KvRequest request = inFlight(s, out);
    String value = request.isWrite() ? request.value() : output;
    out.record(
        HistoryEvent.complete(process, HistoryEvent.Type.OK, request.f(), request.key(), value));
    s.inFlight = false;
    adapter.onAnswered(s, request);
    out.cancelTimer(adapter.retryTimer(s.seq));
    startNext(s, out);
  }

  /** The request of sequence number {@code s.seq} (the operation in flight, or the last one). */
  private KvRequest inFlight(S s, Effects<M, T> out) {
    ClientOp op = script.get((int) s.seq - 1);
    return new KvRequest(out.self(), s.seq, op.f(), op.key(), op.value());
  }
}
