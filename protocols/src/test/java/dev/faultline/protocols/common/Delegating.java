package dev.faultline.protocols.common;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import dev.faultline.sim.api.Timer;

/**
 * A planted server for tests: the correct protocol, except in what the implementing class overrides
 * (a record with a {@code correct} component implements {@link #correct()} itself).
 */
public interface Delegating<S extends NodeState<S>, M extends Message, T extends Timer>
    extends Protocol<S, M, T> {

  /** The correct protocol every event not overridden goes to. */
  Protocol<S, M, T> correct();

  @Override
  default S init(NodeId self, Durable durable, Effects<M, T> out) {
    return correct().init(self, durable, out);
  }

  @Override
  default void onMessage(S state, NodeId from, M message, Effects<M, T> out) {
    correct().onMessage(state, from, message, out);
  }

  @Override
  default void onTimer(S state, T timer, Effects<M, T> out) {
    correct().onTimer(state, timer, out);
  }
}
