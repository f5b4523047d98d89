package dev.faultline.protocols.common;

import dev.faultline.protocols.common.KvResponse.KvRefusal;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Timer;

/**
 * The protocol-specific part of a {@link KvClient}: where a request goes, how it is wrapped into
 * the protocol's message, and how a reply, a refusal or a routing update reads. The client owns the
 * rest (script, {@code notBeforeTick}, sequence numbers, the retry timer, history). An adapter
 * holds only immutable configuration, like a {@link dev.faultline.sim.api.Protocol}: the explorer
 * calls it from several threads.
 *
 * @param <S> the client's state: the shared part plus the protocol's routing fields
 */
public interface ClientAdapter<S extends KvClientState<S>, M extends Message, T extends Timer> {

  /** A booted client's fresh state; may send (e.g. ask a view server where the primary is). */
  S init(NodeId self, int process, Effects<M, T> out);

  /** Sends {@code request} (the one in flight) to wherever {@code state} says it should go. */
  void send(S state, KvRequest request, Effects<M, T> out);

  /** Reads a message: a reply or refusal about some request, or null for anything else. */
  KvResponse read(M message);

  /** The timer that resends request {@code seq}; armed for {@link #retryTicks()} per attempt. */
  T retryTimer(long seq);

  /** Local ticks to wait for an answer before {@link #onRetry} and a resend. */
  long retryTicks();

  /** The timer that starts the next operation when its {@link ClientOp#notBeforeTick} comes. */
  T nextOpTimer();

  /**
   * The request in flight was refused: update the routing. The adapter decides when to resend, e.g.
   * by re-arming {@code retryTimer(state.seq())} with a short backoff; doing nothing leaves the
   * pending retry as it was.
   */
  void onRefused(S state, KvRefusal refusal, Effects<M, T> out);

  /** The retry timer fired with the request still in flight, just before it is resent. */
  void onRetry(S state, Effects<M, T> out);

  /**
   * A message that {@link #read} did not recognise (e.g. a newer view). Returns true to resend the
   * request in flight at once (the retry timer keeps running as it was).
   */
  default boolean onOther(S state, M message, Effects<M, T> out) {
    return false;
  }

  /** The request in flight was answered (before the next operation is considered). */
  default void onAnswered(S state, KvRequest request) {}

  /**
   * True: every operation starts from the {@link #nextOpTimer()} firing (armed with delay 0 when it
   * is already due), so a scheduler may deliver other events first. False: a due operation starts
   * inside the handler that booted the client or completed the previous operation.
   */
  default boolean startsEveryOpOnTimer() {
    return false;
  }
}
