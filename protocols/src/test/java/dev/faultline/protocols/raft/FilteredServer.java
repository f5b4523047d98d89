package dev.faultline.protocols.raft;

import dev.faultline.protocols.common.FilteredEffects;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.Protocol;
import java.util.function.BiPredicate;

/**
 * A planted Raft server for tests: the correct one, except that the messages it sends and the
 * labels it writes pass through filters (a false result drops them).
 */
record FilteredServer(
    RaftNode correct, BiPredicate<NodeId, RaftMessage> sends, BiPredicate<String, String> labels)
    implements Protocol<RaftState, RaftMessage, RaftTimer> {

  @Override
  public RaftState init(NodeId self, Durable durable, Effects<RaftMessage, RaftTimer> out) {
    return correct.init(self, durable, filtered(out));
  }

  @Override
  public void onMessage(
      RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
    correct.onMessage(s, from, m, filtered(out));
  }

  @Override
  public void onTimer(RaftState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
    correct.onTimer(s, t, filtered(out));
  }

  private Effects<RaftMessage, RaftTimer> filtered(Effects<RaftMessage, RaftTimer> out) {
    return new FilteredEffects<>(out, sends, labels);
  }
}
