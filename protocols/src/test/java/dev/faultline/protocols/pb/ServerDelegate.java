package dev.faultline.protocols.pb;

import dev.faultline.protocols.common.Delegating;
import dev.faultline.sim.api.Protocol;

/** A planted PB server: the correct one, except in what a test's subclass overrides. */
class ServerDelegate implements Delegating<PbServerState, PbMessage, PbTimer> {
  final Protocol<PbServerState, PbMessage, PbTimer> correct;

  ServerDelegate(Protocol<PbServerState, PbMessage, PbTimer> correct) {
    this.correct = correct;
  }

  @Override
  public Protocol<PbServerState, PbMessage, PbTimer> correct() {
    return correct;
  }
}
