package dev.faultline.protocols.raft;

import dev.faultline.sim.api.ClockReading;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.HistoryEvent;
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
    return correct.init(self, durable, new Filtered(out));
  }

  @Override
  public void onMessage(
      RaftState s, NodeId from, RaftMessage m, Effects<RaftMessage, RaftTimer> out) {
    correct.onMessage(s, from, m, new Filtered(out));
  }

  @Override
  public void onTimer(RaftState s, RaftTimer t, Effects<RaftMessage, RaftTimer> out) {
    correct.onTimer(s, t, new Filtered(out));
  }

  private final class Filtered implements Effects<RaftMessage, RaftTimer> {
    private final Effects<RaftMessage, RaftTimer> out;

    Filtered(Effects<RaftMessage, RaftTimer> out) {
      this.out = out;
    }

    @Override
    public NodeId self() {
      return out.self();
    }

    @Override
    public void send(NodeId to, RaftMessage message) {
      if (sends.test(to, message)) {
        out.send(to, message);
      }
    }

    @Override
    public void setTimer(RaftTimer timer, long ticksMin, long ticksMax) {
      out.setTimer(timer, ticksMin, ticksMax);
    }

    @Override
    public void cancelTimer(RaftTimer timer) {
      out.cancelTimer(timer);
    }

    @Override
    public void persist(Durable durable) {
      out.persist(durable);
    }

    @Override
    public ClockReading clock() {
      return out.clock();
    }

    @Override
    public void record(HistoryEvent event) {
      out.record(event);
    }

    @Override
    public void annotate(String key, String value) {
      if (labels.test(key, value)) {
        out.annotate(key, value);
      }
    }
  }
}
