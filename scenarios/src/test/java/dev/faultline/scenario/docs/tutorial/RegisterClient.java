package dev.faultline.scenario.docs.tutorial;

import com.google.common.hash.PrimitiveSink;
import dev.faultline.scenario.docs.tutorial.Register.Msg;
import dev.faultline.scenario.docs.tutorial.Register.NextOp;
import dev.faultline.scenario.docs.tutorial.Register.Reply;
import dev.faultline.scenario.docs.tutorial.Register.Request;
import dev.faultline.scenario.docs.tutorial.Register.Retry;
import dev.faultline.scenario.docs.tutorial.Register.Tick;
import dev.faultline.sim.api.ClientOp;
import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.Effects;
import dev.faultline.sim.api.Fingerprints;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Protocol;
import java.util.List;

/**
 * A register client: issues its script one operation at a time (no earlier than each operation's
 * {@code notBeforeTick}), sends it to the primary, retries with the same sequence number until it
 * is answered, and records invoke and ok events, the history the linearizability checker reads.
 */
final class RegisterClient implements Protocol<RegisterClient.State, Msg, Tick> {
  static final class State implements NodeState<State> {
    int next; // index of the operation in flight, or of the next one to issue
    boolean inFlight;

    @Override
    public State copy() {
      State c = new State();
      c.next = next;
      c.inFlight = inFlight;
      return c;
    }

    @Override
    public void fingerprint(PrimitiveSink sink) {
      Fingerprints.put(sink, next);
      Fingerprints.put(sink, inFlight);
    }
  }

  private final int process;
  private final NodeId primary;
  private final List<ClientOp> ops;
  private final long retryTicks;

  RegisterClient(int process, NodeId primary, List<ClientOp> ops, long retryTicks) {
    this.process = process;
    this.primary = primary;
    this.ops = List.copyOf(ops);
    this.retryTicks = retryTicks;
  }

  @Override
  public State init(NodeId self, Durable durable, Effects<Msg, Tick> out) {
    State s = new State();
    scheduleNext(s, out);
    return s;
  }

  // tag::client[]
  @Override
  public void onMessage(State s, NodeId from, Msg m, Effects<Msg, Tick> out) {
    if (!(m instanceof Reply r) || !s.inFlight || r.seq() != s.next + 1) {
      return; // not an answer to the operation in flight (a late duplicate, say)
    }
    ClientOp op = ops.get(s.next);
    String value = op.f().equals("get") ? r.value() : op.value();
    out.record(HistoryEvent.complete(process, HistoryEvent.Type.OK, op.f(), op.key(), value));
    out.cancelTimer(new Retry());
    s.inFlight = false;
    s.next++;
    scheduleNext(s, out);
  }

  @Override
  public void onTimer(State s, Tick t, Effects<Msg, Tick> out) {
    switch (t) {
      case NextOp n -> {
        if (s.inFlight || s.next >= ops.size()) {
          return;
        }
        ClientOp op = ops.get(s.next);
        out.record(HistoryEvent.invoke(process, op.f(), op.key(), op.value()));
        s.inFlight = true;
        send(s, out);
      }
      case Retry r -> {
        if (s.inFlight) {
          send(s, out);
        }
      }
    }
  }

  // end::client[]

  private void scheduleNext(State s, Effects<Msg, Tick> out) {
    if (s.next < ops.size()) {
      long now = out.clock().lowerTicks();
      out.setTimer(new NextOp(), Math.max(1, ops.get(s.next).notBeforeTick() - now));
    }
  }

  private void send(State s, Effects<Msg, Tick> out) {
    ClientOp op = ops.get(s.next);
    out.send(primary, new Request(s.next + 1, op.f(), op.key(), op.value()));
    out.setTimer(new Retry(), retryTicks, retryTicks + 10);
  }
}
