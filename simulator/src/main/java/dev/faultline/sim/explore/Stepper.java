package dev.faultline.sim.explore;

import dev.faultline.sim.api.Cluster;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.Invariant;
import dev.faultline.sim.api.Message;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The explorer's model walked by hand, one chosen action at a time (the engine of {@code faultline
 * debug}): the same start state, enabled actions, successors and invariant checks as a search, and
 * what a person looks at in a state — every node's state and pending timers, the messages in flight
 * and the cut links. States are immutable, so keeping the earlier ones is all an undo needs.
 */
public final class Stepper {
  /** A message in flight (one entry per copy). */
  public record InFlight(NodeId from, NodeId to, Message message) {}

  /** A pending timer of a node and its firing window in ticks. */
  public record PendingTimerView(Timer timer, long minTicks, long maxTicks) {}

  /** A broken property: its name and what broke. */
  public record Broken(String property, String message) {}

  private final ExploreModel model;
  private final Supplier<List<Invariant>> invariants;

  /** {@code invariants} is called for every check: pass fresh instances (they may remember). */
  public Stepper(Cluster cluster, ExploreOptions options, Supplier<List<Invariant>> invariants) {
    this.model = new ExploreModel(cluster, options);
    this.invariants = invariants;
  }

  public List<NodeId> nodes() {
    return model.nodes();
  }

  /** Every node booted in order: where a search starts. */
  public SearchState initial() {
    return model.initial();
  }

  /** The actions enabled in {@code s}, in the model's canonical order. */
  public List<ExploreAction> enabled(SearchState s) {
    List<ExploreAction> out = new ArrayList<>();
    for (Choice c : model.choices(s)) {
      out.add(c.action(model.ids, model.options.clockStepTicks()));
    }
    return out;
  }

  /**
   * The state after {@code action}. A handler that throws is a {@link HandlerFailure}; an action
   * not enabled in {@code s} is an IllegalArgumentException.
   */
  public SearchState apply(SearchState s, ExploreAction action) {
    Choice c = Explorer.find(model, s, action::equals);
    if (c == null) {
      throw new IllegalArgumentException("not enabled here: " + action.describe());
    }
    return Explorer.applyOrSame(s, c, model);
  }

  /**
   * Fires {@code node}'s pending {@code timer} even where the model's timer order would not let it
   * fire yet (the model does not track when a timer was set, so a node's short timer that keeps
   * re-arming, a heartbeat say, always "must fire first"). For following a simulated run, whose
   * timers fire by their deadlines in virtual time; a search never takes such a step, so a path
   * with one does not replay as a counterexample. A timer not pending (or a node down) is an
   * IllegalArgumentException; a handler that throws is a {@link HandlerFailure}.
   */
  public SearchState fireInRunOrder(SearchState s, NodeId node, Timer timer) {
    int i = model.indexOf(node);
    if (s.nodes[i].up()) {
      for (PendingTimer t : s.nodes[i].timers) {
        if (t.timer().equals(timer)) {
          return Explorer.applyOrSame(s, new Choice(Choice.TIMER, i, null, t), model);
        }
      }
    }
    throw new IllegalArgumentException("no pending " + timer + " on " + node);
  }

  /** The first invariant {@code s} breaks (fresh instances), or null. */
  public Broken broken(SearchState s) {
    StateView view = new StateView(model, s);
    for (Invariant inv : invariants.get()) {
      String problem = inv.check(view);
      if (problem != null) {
        return new Broken(inv.name(), problem);
      }
    }
    return null;
  }

  /** The node's state, or null while it is down. */
  public NodeState<?> state(SearchState s, NodeId node) {
    return s.nodes[model.indexOf(node)].state;
  }

  public boolean isUp(SearchState s, NodeId node) {
    return s.nodes[model.indexOf(node)].up();
  }

  public List<PendingTimerView> timers(SearchState s, NodeId node) {
    List<PendingTimerView> out = new ArrayList<>();
    for (PendingTimer t : s.nodes[model.indexOf(node)].timers) {
      out.add(new PendingTimerView(t.timer(), t.minTicks(), t.maxTicks()));
    }
    return out;
  }

  public List<InFlight> inFlight(SearchState s) {
    List<InFlight> out = new ArrayList<>();
    for (Envelope e : s.inFlight) {
      out.add(new InFlight(model.ids[e.from()], model.ids[e.to()], e.message()));
    }
    return out;
  }

  /** The cut directed links, as "from->to". */
  public List<String> blockedLinks(SearchState s) {
    List<String> out = new ArrayList<>();
    NodeId[] ids = model.ids;
    for (int a = 0; a < ids.length; a++) {
      for (int b = 0; b < ids.length; b++) {
        if ((s.blockedLinks & (1L << (a * ids.length + b))) != 0) {
          out.add(ids[a] + "->" + ids[b]);
        }
      }
    }
    return out;
  }

  public List<HistoryEvent> history(SearchState s) {
    return s.history.events();
  }
}
