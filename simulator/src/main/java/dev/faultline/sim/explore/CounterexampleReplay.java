package dev.faultline.sim.explore;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.trace.NodeStateLog;
import dev.faultline.sim.trace.TraceEvent;
import dev.faultline.sim.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a {@link Counterexample} on a freshly built cluster and writes it as a trace: one tick
 * per step (tick 0 is the boot), sends and deliveries tied by message ids, and a final {@code
 * violation} event when an invariant breaks. Invariants are the cluster's own (fresh) instances,
 * checked after every step as in a simulated run.
 *
 * <p>Use: {@code CounterexampleReplay.replay(spec.build(params), cx, sink)} where params come from
 * the file ({@code servers}, {@code variant}, {@code workload}, {@code options}).
 */
public final class CounterexampleReplay {
  private CounterexampleReplay() {}

  /**
   * What the replay did.
   *
   * @param stepsApplied steps replayed before the end (all of them unless one did not match)
   * @param property the invariant that broke (null if none did)
   * @param message what broke, or why the replay diverged
   * @param diverged a step's action was not enabled: the protocol no longer behaves as recorded
   * @param history the client history along the path
   */
  public record Outcome(
      int stepsApplied,
      String property,
      String message,
      boolean diverged,
      List<HistoryEvent> history) {
    /** True when the recorded property broke again. */
    public boolean reproduced(Counterexample cx) {
      return !diverged && property != null && property.equals(cx.property());
    }
  }

  public static Outcome replay(Cluster cluster, Counterexample cx, TraceSink sink) {
    TraceSink out = sink == null ? TraceSink.NONE : sink;
    ExploreModel model = new ExploreModel(cluster, cx.explore());
    Recorder recorder = new Recorder(out);
    model.setRecorder(recorder);
    out.accept(
        new TraceEvent.RunStart(
            0,
            0,
            cx.protocol(),
            cx.variant(),
            "explore counterexample (" + cx.steps().size() + " steps)",
            model.nodes()));
    NodeStateLog states = out.enabled() ? out.states() : null;
    SearchState s;
    try {
      s = model.initial();
    } catch (HandlerFailure e) {
      return end(recorder, 0, HandlerFailure.PROPERTY, e.getMessage(), false, List.of());
    }
    String[] broken = check(cluster, model, s);
    recordStates(states, model, s);
    if (broken != null) {
      return end(recorder, 0, broken[0], broken[1], false, s.history.events());
    }
    for (int k = 0; k < cx.steps().size(); k++) {
      Counterexample.Step step = cx.steps().get(k);
      recorder.tick = k + 1;
      Choice c = Explorer.find(model, s, a -> Counterexample.keyOf(a) == step.key());
      if (c == null) {
        return end(
            recorder,
            k,
            null,
            "step "
                + (k + 1)
                + " ("
                + step.describe()
                + ") is not enabled: the protocol no"
                + " longer behaves as recorded",
            true,
            s.history.events());
      }
      recorder.action(model, s, c);
      try {
        s = Explorer.applyOrSame(s, c, model);
      } catch (HandlerFailure e) {
        return end(
            recorder, k + 1, HandlerFailure.PROPERTY, e.getMessage(), false, s.history.events());
      }
      broken = check(cluster, model, s);
      recordStates(states, model, s);
      if (broken != null) {
        return end(recorder, k + 1, broken[0], broken[1], false, s.history.events());
      }
    }
    return end(recorder, cx.steps().size(), null, null, false, s.history.events());
  }

  /** Every node's state after a step, for the trace's node-state log (if it keeps one). */
  private static void recordStates(NodeStateLog states, ExploreModel model, SearchState s) {
    if (states == null) {
      return;
    }
    for (int i = 0; i < model.ids.length; i++) {
      states.node(model.ids[i], s.nodes[i].state);
    }
    states.endStep();
  }

  private static String[] check(Cluster cluster, ExploreModel model, SearchState s) {
    StateView view = new StateView(model, s);
    for (Invariant inv : cluster.invariants()) {
      String problem = inv.check(view);
      if (problem != null) {
        return new String[] {inv.name(), problem};
      }
    }
    return null;
  }

  private static Outcome end(
      Recorder r,
      int steps,
      String property,
      String message,
      boolean diverged,
      List<HistoryEvent> history) {
    if (property != null) {
      r.emit(new TraceEvent.Violation(r.tick, property, message, r.count - 1));
    }
    r.emit(
        new TraceEvent.RunEnd(
            r.tick,
            property != null ? "violation" : diverged ? "replay diverged" : "counterexample end"));
    return new Outcome(steps, property, message, diverged, history);
  }

  /** Turns model steps into trace events. */
  private static final class Recorder implements StepRecorder {
    private final TraceSink sink;
    long tick;
    long count;
    private long nextId;

    Recorder(TraceSink sink) {
      this.sink = sink;
    }

    void emit(TraceEvent e) {
      if (sink.enabled()) {
        sink.accept(e);
      }
      count++;
    }

    void action(ExploreModel model, SearchState s, Choice c) {
      NodeId[] ids = model.ids;
      switch (c.kind) {
        case Choice.DELIVER ->
            emit(
                new TraceEvent.Deliver(
                    tick,
                    c.envelope.id(),
                    ids[c.envelope.from()],
                    ids[c.envelope.to()],
                    c.envelope.message()));
        case Choice.DROP ->
            emit(
                new TraceEvent.Drop(
                    tick, c.envelope.id(), ids[c.envelope.from()], ids[c.envelope.to()], "fault"));
        case Choice.TIMER -> emit(new TraceEvent.TimerFire(tick, ids[c.node], c.timer.timer()));
        case Choice.CRASH -> emit(new TraceEvent.Crash(tick, ids[c.node]));
        case Choice.RESTART ->
            emit(new TraceEvent.Restart(tick, ids[c.node], s.nodes[c.node].durable != null));
        case Choice.ISOLATE, Choice.HEAL, Choice.BLOCK -> {
          long blocked =
              switch (c.kind) {
                case Choice.HEAL -> 0;
                case Choice.BLOCK -> s.blockedLinks | (1L << (c.node * ids.length + c.peer));
                default -> s.blockedLinks | isolation(ids.length, c.node);
              };
          List<TraceEvent.Link> links = new ArrayList<>();
          for (int a = 0; a < ids.length; a++) {
            for (int b = 0; b < ids.length; b++) {
              if ((blocked & (1L << (a * ids.length + b))) != 0) {
                links.add(new TraceEvent.Link(ids[a], ids[b]));
              }
            }
          }
          emit(
              new TraceEvent.Partition(
                  tick,
                  List.copyOf(links),
                  switch (c.kind) {
                    case Choice.HEAL -> "heal";
                    case Choice.BLOCK -> "block " + ids[c.node] + "->" + ids[c.peer];
                    default -> "isolate " + ids[c.node];
                  }));
        }
        case Choice.CLOCK -> {
          long time = s.timeTicks + model.options.clockStepTicks();
          for (NodeId id : ids) {
            emit(new TraceEvent.Annotate(tick, id, "clock", Long.toString(time)));
          }
        }
        case Choice.CLOCK_OFFSET -> {
          long eps = model.options.clockUncertaintyTicks();
          long lower = s.timeTicks + c.peer - eps;
          // The node's reading from now on; true time (s.timeTicks) stays inside it.
          emit(
              new TraceEvent.Annotate(
                  tick, ids[c.node], "clock", "[" + lower + ", " + (lower + 2 * eps) + "]"));
        }
        default -> throw new IllegalStateException("unknown choice " + c.kind);
      }
    }

    private static long isolation(int n, int node) {
      long mask = 0;
      for (int j = 0; j < n; j++) {
        if (j != node) {
          mask |= 1L << (node * n + j);
          mask |= 1L << (j * n + node);
        }
      }
      return mask;
    }

    @Override
    public long nextMessageId() {
      return nextId++;
    }

    @Override
    public void send(long msgId, NodeId from, NodeId to, Message message) {
      emit(new TraceEvent.Send(tick, msgId, from, to, message));
    }

    @Override
    public void persist(NodeId node) {
      emit(new TraceEvent.Persist(tick, node));
    }

    @Override
    public void history(NodeId node, HistoryEvent event) {
      emit(new TraceEvent.History(tick, node, event));
    }

    @Override
    public void annotate(NodeId node, String key, String value) {
      emit(new TraceEvent.Annotate(tick, node, key, value));
    }
  }
}
