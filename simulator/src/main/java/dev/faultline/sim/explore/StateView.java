package dev.faultline.sim.explore;

import dev.faultline.sim.api.Durable;
import dev.faultline.sim.api.HistoryEvent;
import dev.faultline.sim.api.NodeId;
import dev.faultline.sim.api.NodeState;
import dev.faultline.sim.api.SystemView;
import java.util.List;

/**
 * A search state seen through the {@link SystemView} invariants and goals read. {@code tick()} is
 * the explorer's logical time (advanced only by clock steps). Invariants must treat node states as
 * read-only: they are shared between search states.
 */
public final class StateView implements SystemView {
  private final ExploreModel model;
  private final SearchState state;

  public StateView(ExploreModel model, SearchState state) {
    this.model = model;
    this.state = state;
  }

  @Override
  public long tick() {
    return state.timeTicks;
  }

  @Override
  public List<NodeId> nodes() {
    return model.nodes();
  }

  @Override
  public boolean isUp(NodeId node) {
    return state.nodes[model.indexOf(node)].up();
  }

  @Override
  public NodeState<?> state(NodeId node) {
    return state.nodes[model.indexOf(node)].state;
  }

  @Override
  public NodeState<?> stateAt(int position) {
    return state.nodes[position].state;
  }

  @Override
  public Durable durable(NodeId node) {
    return state.nodes[model.indexOf(node)].durable;
  }

  @Override
  public Durable durableAt(int position) {
    return state.nodes[position].durable;
  }

  @Override
  public List<HistoryEvent> history() {
    return state.history.events();
  }

  @Override
  public long clockOffsetTicks(NodeId node) {
    int code = state.offsetCode(model.indexOf(node));
    return SearchState.offsetTicks(code, model.options.clockUncertaintyTicks());
  }

  /** Messages in flight (a multiset: equal copies are listed separately). */
  public int inFlightCount() {
    return state.inFlight.length;
  }
}
