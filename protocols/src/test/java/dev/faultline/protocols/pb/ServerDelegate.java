package dev.faultline.protocols.pb;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;

/** A planted PB server: the correct one, except in what a test's subclass overrides. */
class ServerDelegate implements Protocol<PbServerState, PbMessage, PbTimer> {
  final Protocol<PbServerState, PbMessage, PbTimer> correct;

  ServerDelegate(Protocol<PbServerState, PbMessage, PbTimer> correct) {
    this.correct = correct;
  }

  @Override
  public PbServerState init(NodeId self, Durable durable, Effects<PbMessage, PbTimer> out) {
    return correct.init(self, durable, out);
  }

  @Override
  public void onMessage(
      PbServerState s, NodeId from, PbMessage m, Effects<PbMessage, PbTimer> out) {
    correct.onMessage(s, from, m, out);
  }

  @Override
  public void onTimer(PbServerState s, PbTimer t, Effects<PbMessage, PbTimer> out) {
    correct.onTimer(s, t, out);
  }
}
