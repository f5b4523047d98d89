package dev.faultline.scenario.debug;

import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.explore.ExploreAction;
import dev.faultline.sim.explore.HandlerFailure;
import dev.faultline.sim.explore.SearchState;
import dev.faultline.sim.explore.Stepper;
import dev.faultline.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a simulator trace into a path through the explorer's model: each event that is a choice (a
 * delivery, a drop, a timer firing, a crash, a restart, a change of the cut links) becomes the
 * explorer action that does the same thing, found among the actions enabled in the state reached so
 * far (same message from the same sender to the same receiver, same timer on the same node). What a
 * step causes (sends, persists, history, annotations) the explorer's step causes by itself, and
 * what the model has no notion of (virtual time, clock faults, network rates, holds) is passed
 * over. The first event the model cannot take ends the match: the caller decides whether that is an
 * error (inside the prefix asked for) or only where the recorded path stops (after it).
 */
public final class TraceMatch {
  /**
   * The matched path: {@code actions}; {@code states} (the state after each: {@code states.get(k)}
   * after k actions, {@code states.get(0)} the start); {@code eventOf} (the trace event index each
   * action came from); {@code eventsMatched} (trace events consumed: the next one is the first not
   * taken); {@code timersInRunOrder} (timers fired where the model's own timer order would not have
   * let them, see {@link Stepper#fireInRunOrder}); and {@code stopped}: why matching stopped before
   * the end of the trace (null: it reached the end).
   */
  public record Result(
      List<ExploreAction> actions,
      List<SearchState> states,
      List<Long> eventOf,
      long eventsMatched,
      int timersInRunOrder,
      Mismatch stopped) {
    /** Actions taken for the trace's first {@code events} events. */
    public int actionsWithin(long events) {
      int n = 0;
      while (n < eventOf.size() && eventOf.get(n) < events) {
        n++;
      }
      return n;
    }
  }

  /** A trace event the explorer's model cannot take: its index, the event and why. */
  public record Mismatch(long event, String kind, String what, String why) {
    /** One line: "event 57 (timer s2 ElectionTimeout[...]): why". */
    public String describe() {
      return "event " + event + " (" + what + "): " + why;
    }
  }

  private final Stepper stepper;
  private final long clockStepTicks;
  private final Set<NodeId> clients;
  private final Map<Long, Message> sent = new HashMap<>(); // lookups by message id only
  private final List<ExploreAction> actions = new ArrayList<>();
  private final List<SearchState> states = new ArrayList<>();
  private final List<Long> eventOf = new ArrayList<>();
  private SearchState state;
  private int timersInRunOrder;

  private TraceMatch(Stepper stepper, long clockStepTicks, Set<NodeId> clients) {
    this.stepper = stepper;
    this.clockStepTicks = clockStepTicks;
    this.clients = clients;
    this.state = stepper.initial();
    states.add(state);
  }

  /**
   * Matches {@code events} (the whole trace, in order, from its start event) from the start. The
   * model's logical time follows the run's virtual time in clock steps of {@code clockStepTicks}
   * (the model's own step size): before each choice, it steps until it is at or just past the
   * event's tick, so a node that reads its clock (a client waiting for an operation's start tick, a
   * leader's last contact) reads about what it read in the run, never behind it and less than one
   * step ahead. Links between two {@code clients} are left out: clients never talk, and the model
   * has no such links to cut.
   */
  public static Result match(
      Stepper stepper, List<TraceEvent> events, long clockStepTicks, Set<NodeId> clients) {
    TraceMatch m = new TraceMatch(stepper, clockStepTicks, clients);
    for (int i = 0; i < events.size(); i++) {
      Mismatch problem = m.take(i, events.get(i));
      if (problem != null) {
        return m.result(i, problem);
      }
    }
    return m.result(events.size(), null);
  }

  private Result result(long eventsMatched, Mismatch stopped) {
    return new Result(
        List.copyOf(actions),
        List.copyOf(states),
        List.copyOf(eventOf),
        eventsMatched,
        timersInRunOrder,
        stopped);
  }

  /** Takes event {@code i}; the problem if the model cannot. */
  private Mismatch take(long i, TraceEvent e) {
    return switch (e) {
      case TraceEvent.Send s -> {
        sent.put(s.msgId(), s.message());
        yield null;
      }
      case TraceEvent.Deliver d ->
          act(i, e.tick(), "deliver", new ExploreAction.Deliver(d.from(), d.to(), d.message()));
      case TraceEvent.Drop d -> drop(i, d);
      case TraceEvent.Duplicate d ->
          new Mismatch(
              i,
              e.kind(),
              "duplicate " + d.from() + "->" + d.to(),
              "the debugger's model does not duplicate messages");
      case TraceEvent.TimerFire t ->
          act(i, e.tick(), "timer", new ExploreAction.FireTimer(t.node(), t.timer()));
      case TraceEvent.Crash c -> act(i, e.tick(), "crash", new ExploreAction.Crash(c.node()));
      case TraceEvent.Restart r -> act(i, e.tick(), "restart", new ExploreAction.Restart(r.node()));
      case TraceEvent.Partition p -> links(i, p);
      // The rest is what a step caused, or what the model has no notion of.
      default -> null;
    };
  }

  private Mismatch drop(long i, TraceEvent.Drop d) {
    Message m = sent.get(d.msgId());
    if (m == null) {
      return new Mismatch(
          i, d.kind(), "drop of message " + d.msgId(), "its send is not in the trace before it");
    }
    return act(i, d.tick(), "drop", new ExploreAction.Drop(d.from(), d.to(), m));
  }

  /** The cut links become {@code p}'s: heal first if a link is no longer cut, then cut each new. */
  private Mismatch links(long i, TraceEvent.Partition p) {
    List<TraceEvent.Link> cut = new ArrayList<>();
    TreeSet<String> target = new TreeSet<>();
    for (TraceEvent.Link l : p.blocked()) {
      if (!(clients.contains(l.from()) && clients.contains(l.to()))) {
        cut.add(l);
        target.add(l.from() + "->" + l.to());
      }
    }
    List<String> now = stepper.blockedLinks(state);
    if (!target.containsAll(now)) {
      Mismatch healed = act(i, p.tick(), "partition", new ExploreAction.Heal());
      if (healed != null) {
        return healed;
      }
      now = List.of();
    }
    for (TraceEvent.Link l : cut) {
      if (!now.contains(l.from() + "->" + l.to())) {
        Mismatch blocked = act(i, p.tick(), "partition", new ExploreAction.Block(l.from(), l.to()));
        if (blocked != null) {
          return blocked;
        }
      }
    }
    return null;
  }

  private Mismatch act(long i, long tick, String kind, ExploreAction wanted) {
    while (state.timeTicks() < tick) {
      Mismatch late = act(i, "clock", new ExploreAction.ClockStep(clockStepTicks));
      if (late != null) {
        return late;
      }
    }
    return act(i, kind, wanted);
  }

  private Mismatch act(long i, String kind, ExploreAction wanted) {
    boolean enabled = stepper.enabled(state).contains(wanted);
    boolean inRunOrder =
        !enabled
            && wanted instanceof ExploreAction.FireTimer t
            && stepper.isUp(state, t.node())
            && pending(t);
    if (!enabled && !inRunOrder) {
      return new Mismatch(i, kind, wanted.describe(), whyNot(wanted));
    }
    try {
      state =
          inRunOrder
              ? stepper.fireInRunOrder(
                  state,
                  ((ExploreAction.FireTimer) wanted).node(),
                  ((ExploreAction.FireTimer) wanted).timer())
              : stepper.apply(state, wanted);
    } catch (HandlerFailure failure) {
      return new Mismatch(i, kind, wanted.describe(), "the handler threw: " + failure.getMessage());
    }
    timersInRunOrder += inRunOrder ? 1 : 0;
    states.add(state);
    actions.add(wanted);
    eventOf.add(i);
    return null;
  }

  /** Why the model has no such action here, as precisely as the state tells. */
  private String whyNot(ExploreAction wanted) {
    return switch (wanted) {
      case ExploreAction.Deliver d when !inFlight(d.from(), d.to(), d.message()) ->
          "the explorer's model has no such message in flight (its nodes sent something else)";
      case ExploreAction.Drop d when !inFlight(d.from(), d.to(), d.message()) ->
          "the explorer's model has no such message in flight (its nodes sent something else)";
      case ExploreAction.Deliver d when !stepper.isUp(state, d.to()) ->
          d.to() + " is down in the explorer's model";
      case ExploreAction.FireTimer t when !stepper.isUp(state, t.node()) ->
          t.node() + " is down in the explorer's model";
      case ExploreAction.FireTimer t ->
          "no such timer is pending on " + t.node() + " in the explorer's model";
      default -> "not enabled in the explorer's model here";
    };
  }

  private boolean inFlight(NodeId from, NodeId to, Message m) {
    return stepper.inFlight(state).contains(new Stepper.InFlight(from, to, m));
  }

  private boolean pending(ExploreAction.FireTimer t) {
    return stepper.timers(state, t.node()).stream().anyMatch(p -> p.timer().equals(t.timer()));
  }
}
